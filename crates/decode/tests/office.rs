//! Legacy office files through LibreOffice (skipped, with a notice, when `soffice` is not
//! installed; `scripts/setup.sh` installs it). The synthetic and real-world fixtures are read
//! end to end in `crates/synth/tests/office_fixtures.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use gongkai_decode::{ErrorKind, Format, Limits, Notice, decode};
use std::path::Path;

fn have_soffice() -> bool {
    let found = std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join("soffice").is_file()))
        || Path::new("/usr/lib/libreoffice/program/soffice").is_file();
    if !found {
        eprintln!("NOTICE: soffice (LibreOffice) not installed: office conversion tests skipped");
    }
    found
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
    if !have_soffice() {
        return;
    }
    let rtf = format!(
        "{{\\rtf1\\ansi\\deff0{{\\fonttbl{{\\f0 SimSun;}}}}\\f0\n\\pard {}\\par\n\
         \\trowd\\cellx3000\\cellx5000\\cellx7000\n\\intbl {}\\cell 12\\cell \\cell\\row\n\
         \\pard {}\\par}}",
        rtf_escape("二、主动公开政府信息情况"),
        rtf_escape("规章"),
        rtf_escape("之后")
    );
    let d = decode(rtf.as_bytes(), &Limits::default()).unwrap();
    assert_eq!(d.format, Format::Rtf);
    assert_eq!(d.notices, [Notice::ConvertedBy("LibreOffice".into())]);
    assert_eq!(d.text, "二、主动公开政府信息情况\n| 规章 | 12 |  |\n之后\n");
}

#[test]
fn a_broken_word_file_is_an_error_not_a_panic() {
    if !have_soffice() {
        return;
    }
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
    let e = decode(&bytes, &Limits::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Corrupt, "{e}");
    assert!(e.message.contains("LibreOffice"), "{e}");
}
