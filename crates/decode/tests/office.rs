//! Legacy office files through LibreOffice (`scripts/setup.sh` installs it). Without
//! `soffice` these tests say so and pass, except under CI (`CI=true`), where they fail: a green
//! CI run means the conversions were exercised. The synthetic and real-world fixtures are read
//! end to end in `crates/synth/tests/office_fixtures.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use gongkai_decode::{DecodeError, Format, Notice, Options, Tool, Tools, decode};

/// Options with the tools found on this machine, or `None` when LibreOffice is missing.
fn with_soffice() -> Option<Options> {
    let path = std::env::var_os("PATH");
    let tools = Tools::find(path.as_deref());
    if !common::require_tool(&tools, Tool::Soffice) {
        return None;
    }
    Some(Options {
        tools,
        ..Options::default()
    })
}

/// RTF with `\uN?` escapes for every non-ASCII character.
fn rtf_escape(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                format!("\\u{}?", u32::from(c) as i16)
            }
        })
        .collect()
}

#[test]
fn rtf_is_converted_and_read_with_its_table() {
    let Some(opts) = with_soffice() else {
        return;
    };
    let rtf = format!(
        "{{\\rtf1\\ansi\\deff0{{\\fonttbl{{\\f0 SimSun;}}}}\\f0\n\\pard {}\\par\n\
         \\trowd\\cellx3000\\cellx5000\\cellx7000\n\\intbl {}\\cell 12\\cell \\cell\\row\n\
         \\pard {}\\par}}",
        rtf_escape("二、主动公开政府信息情况"),
        rtf_escape("规章"),
        rtf_escape("之后")
    );
    let d = decode(rtf.as_bytes(), &opts).unwrap();
    assert_eq!(d.format, Format::Rtf);
    assert_eq!(d.notices, [Notice::ConvertedBy("LibreOffice".into())]);
    assert_eq!(d.text, "二、主动公开政府信息情况\n| 规章 | 12 |  |\n之后\n");
}

#[test]
fn a_broken_word_file_is_an_error_not_a_panic() {
    let Some(opts) = with_soffice() else {
        return;
    };
    // An OLE header naming a WordDocument stream, and nothing readable behind it.
    let mut bytes = vec![0u8; 1024];
    bytes[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let name: Vec<u8> = "WordDocument"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes[512..512 + name.len()].copy_from_slice(&name);
    bytes[512 + 64] = u8::try_from(name.len() + 2).unwrap();
    bytes[512 + 66] = 2;
    let e = decode(&bytes, &opts).unwrap_err();
    assert!(
        matches!(
            e,
            DecodeError::ToolFailed {
                tool: Tool::Soffice,
                ..
            }
        ),
        "{e:?}"
    );
}
