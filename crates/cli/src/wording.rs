//! The words for errors: bilingual sentences for the user, with the flag that lifts a limit
//! and the package that provides a missing tool. The libraries return typed errors; this is
//! the only place that turns them into text.

use gongkai_decode::{Damage, DecodeError, Limit, Tool, Unsupported};
use gongkai_pipeline::{Error, FileKind, Skip};

/// The flag that sets a limit.
pub fn flag(limit: Limit) -> &'static str {
    match limit {
        Limit::Bytes | Limit::ToolOutput => "--max-size",
        Limit::Text => "--max-text",
        Limit::Cells => "--max-cells",
        Limit::Paragraphs => "--max-paragraphs",
        Limit::Nodes => "--max-nodes",
        Limit::Pages => "--max-pages",
        Limit::Entries => "--max-entries",
    }
}

fn limit_zh(limit: Limit) -> &'static str {
    match limit {
        Limit::Bytes => "字节数",
        Limit::Text => "文字量",
        Limit::Cells => "表格单元格数",
        Limit::Paragraphs => "段落数",
        Limit::Nodes => "XML/HTML 元素数",
        Limit::Pages => "页数",
        Limit::ToolOutput => "外部工具输出量",
        Limit::Entries => "压缩包条目数",
    }
}

/// How a limit's value is shown (bytes in MiB, as the flags take them).
fn amount(limit: Limit, max: u64) -> String {
    match limit {
        Limit::Bytes | Limit::Text | Limit::ToolOutput if max >= 1 << 20 => {
            format!("{} MiB", max >> 20)
        }
        Limit::Bytes | Limit::Text | Limit::ToolOutput => format!("{max} 字节"),
        _ => max.to_string(),
    }
}

/// The Debian packages that provide a tool.
pub fn packages(tool: Tool) -> &'static str {
    match tool {
        Tool::Soffice => "libreoffice-writer-nogui libreoffice-calc-nogui",
        Tool::Pdftotext | Tool::Pdftoppm | Tool::Pdfimages => "poppler-utils",
        Tool::Tesseract => "tesseract-ocr tesseract-ocr-chi-sim",
    }
}

fn file_kind_zh(k: FileKind) -> &'static str {
    match k {
        FileKind::Directory => "文件夹",
        FileKind::CharDevice => "字符设备",
        FileKind::BlockDevice => "块设备",
        FileKind::Socket => "套接字",
        FileKind::Fifo => "命名管道",
        FileKind::Other => "特殊文件",
    }
}

/// One sentence for an error.
pub fn describe(e: &Error) -> String {
    match e {
        Error::NotFound => "文件不存在 (no such file or directory)".into(),
        Error::NoMatch => "没有匹配的文件 (no file matches the pattern)".into(),
        Error::BadPattern(p) => format!("无效的通配模式 (bad pattern): {p}"),
        Error::NotRegular(k) => format!(
            "不是普通文件：{}，不读取 (not a regular file: {})",
            file_kind_zh(*k),
            k.as_str()
        ),
        Error::Io(io) => format!("无法读取 (cannot read): {io}"),
        Error::TooLarge { limit, max } => too_large(*limit, *max),
        Error::Timeout { after } => format!(
            "管道 {} 秒内没有数据，已放弃（没有写入者？可用 --read-timeout 调整） (no data from the pipe for {} s)",
            after.as_secs(),
            after.as_secs()
        ),
        Error::Archive(why) => format!("损坏的压缩包 (corrupt zip archive): {why}"),
        Error::EmptyArchive => "压缩包中没有文件 (empty archive)".into(),
        Error::EncryptedEntry => "压缩包条目已加密，无法读取 (encrypted archive entry)".into(),
        Error::ArchiveFromStream => {
            "从管道或标准输入读到的是压缩包：请保存为文件后再读 (a zip archive from a pipe or stdin: save it to a file first)".into()
        }
        Error::Decode(d) => decode(d),
        Error::Skipped(s) => skip(s),
        Error::Internal(m) => {
            format!("内部错误，已跳过此文件 (internal error, please report with the file): {m}")
        }
        Error::Interrupted => "已中断 (interrupted)".into(),
        other => other.to_string(),
    }
}

fn too_large(limit: Limit, max: u64) -> String {
    format!(
        "超过{}上限 {}（可用 {} 调整） (beyond the {} limit; raise {} to read it)",
        limit_zh(limit),
        amount(limit, max),
        flag(limit),
        limit.as_str(),
        flag(limit)
    )
}

fn skip(s: &Skip) -> String {
    match s {
        Skip::Hidden { entries: 0 } => "已跳过隐藏文件 (hidden, skipped)".into(),
        Skip::Hidden { entries } => {
            format!("已跳过隐藏条目 {entries} 个 (hidden entries, skipped)")
        }
        Skip::LinkOutside { target } => format!(
            "已跳过：链接指向所给文件夹之外的 {} (link leads out of the folder, skipped)",
            target.display()
        ),
        Skip::LinkToFolder => {
            "已跳过：指向文件夹的链接不跟随 (link to a folder, not followed)".into()
        }
        Skip::BrokenLink => "已跳过：链接无效或循环 (broken or looping link, skipped)".into(),
        Skip::NotRegular(k) => format!(
            "已跳过：{}不是普通文件 (not a regular file: {}, skipped)",
            file_kind_zh(*k),
            k.as_str()
        ),
        Skip::DuplicateName { copies } => format!(
            "压缩包中有 {copies} 个同名条目，只读取最后一个 (duplicate entry name: {copies} entries, only the last is read)"
        ),
    }
}

fn decode(e: &DecodeError) -> String {
    match e {
        DecodeError::Empty => "文件为空 (empty file)".into(),
        DecodeError::TooLarge { limit, max } => too_large(*limit, *max),
        DecodeError::Binary { encoding } => format!(
            "不是文本：解码后控制字符过多 (binary data, not a report; decoded as {encoding})"
        ),
        DecodeError::Unsupported(u) => match u {
            Unsupported::Presentation => {
                "暂不支持的格式：演示文稿 (a presentation, not a report format)".into()
            }
            Unsupported::Encrypted => {
                "文档已加密，需要密码，无法读取 (the document is encrypted)".into()
            }
            Unsupported::NestedArchive => {
                "压缩包中的压缩包不读取；请解压后再读 (an archive inside an archive is not read)"
                    .into()
            }
            Unsupported::HtmlDisabled => {
                "HTML 网页暂不支持：未启用 html 功能 (HTML input needs the `html` feature)".into()
            }
            Unsupported::Format(f) => {
                format!("暂不支持的格式：{} (not a report format)", f.as_str())
            }
        },
        DecodeError::Corrupt {
            format,
            part,
            damage,
            source,
        } => {
            let what = match damage {
                Damage::Container => "不是有效的 zip 包 (not a valid package)",
                Damage::Part => "无法解压部件 (a part cannot be inflated)",
                Damage::Encoding => "部件不是 UTF-8/UTF-16 文本 (a part is not valid text)",
                Damage::Xml => "XML 格式错误 (malformed XML)",
                Damage::Dtd => {
                    "含 DTD 声明（OOXML 不使用 DTD，拒绝读取） (XML with a DTD is refused)"
                }
                Damage::MissingPart => "缺少必需的部件 (a required part is missing)",
                Damage::NoPages => "没有页面 (no pages)",
                Damage::ToolOutput => "转换结果无法读取 (the converted text cannot be read)",
            };
            let mut s = format!("{} 文件已损坏：{what}", format.as_str());
            if let Some(p) = part {
                s.push_str(&format!("，部件 {p}"));
            }
            if let Some(src) = source {
                s.push_str(&format!(": {src}"));
            }
            s
        }
        DecodeError::MissingTool { tool, .. } => format!(
            "需要 {}，但未找到；请安装 Debian 软件包 {} ({} is needed: apt-get install {})",
            tool.program(),
            packages(*tool),
            tool.program(),
            packages(*tool)
        ),
        DecodeError::ToolFailed {
            tool,
            status,
            stderr,
        } => {
            let hint = if status.starts_with("killed") {
                "；可能超出内存上限（--tool-memory） (perhaps beyond --tool-memory)"
            } else {
                ""
            };
            format!(
                "{} 无法读取此文件（文件可能已损坏）{hint} ({} failed: {status}; {stderr})",
                tool.program(),
                tool.program()
            )
        }
        DecodeError::Timeout { tool, after } => match tool {
            Some(t) => format!(
                "{} 处理超时（{} 秒），已停止；文件可能已损坏（可用 --tool-timeout 调整） ({} timed out)",
                t.program(),
                after.as_secs(),
                t.program()
            ),
            None => format!("读取超时（{} 秒） (timed out)", after.as_secs()),
        },
        DecodeError::Io { source } => format!("读写错误 (I/O error): {source}"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_name_their_flag() {
        let e = Error::Decode(DecodeError::TooLarge {
            limit: Limit::Cells,
            max: 200_000,
        });
        let s = describe(&e);
        assert!(s.contains("--max-cells") && s.contains("200000"), "{s}");
        let e = Error::TooLarge {
            limit: Limit::Bytes,
            max: 64 << 20,
        };
        assert!(describe(&e).contains("64 MiB"));
    }
}
