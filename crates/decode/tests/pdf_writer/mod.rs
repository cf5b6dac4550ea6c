//! Small PDFs written by hand for the PDF tests: A4 pages of Helvetica text at chosen places
//! and rules drawn as lines (top-left coordinates, in points).
#![allow(dead_code)]

pub enum Op {
    /// Text at (x, y) from the top-left corner, in points, 10 pt Helvetica.
    Text(f64, f64, &'static str),
    /// A line from (x0, y0) to (x1, y1), top-left coordinates.
    Rule(f64, f64, f64, f64),
    /// Clip what follows on the page to the rectangle (x0, y0)–(x1, y1).
    Clip(f64, f64, f64, f64),
}

/// A PDF of A4 pages drawn with `ops` (ASCII text only: the standard Helvetica font).
pub fn pdf(pages: &[Vec<Op>]) -> Vec<u8> {
    const H: f64 = 842.0;
    let n = pages.len();
    // Objects: 1 catalog, 2 pages, 3 font, then per page: page, contents.
    let mut objs: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {n} >>",
            (0..n)
                .map(|i| format!("{} 0 R", 4 + 2 * i))
                .collect::<Vec<_>>()
                .join(" ")
        )
        .into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ];
    for (i, ops) in pages.iter().enumerate() {
        let mut content = String::new();
        for op in ops {
            match op {
                Op::Text(x, y, t) => {
                    content += &format!("BT /F1 10 Tf {x} {} Td ({t}) Tj ET\n", H - y - 8.0);
                }
                Op::Rule(x0, y0, x1, y1) => {
                    content += &format!("0.5 w {x0} {} m {x1} {} l S\n", H - y0, H - y1);
                }
                Op::Clip(x0, y0, x1, y1) => {
                    content += &format!("{x0} {} {} {} re W n\n", H - y1, x1 - x0, y1 - y0);
                }
            }
        }
        objs.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                5 + 2 * i
            )
            .into_bytes(),
        );
        let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        stream.extend(content.as_bytes());
        stream.extend(b"\nendstream");
        objs.push(stream);
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (k, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", k + 1).as_bytes());
        out.extend(o);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A ruled grid: vertical rules at `xs` from `top` to `bottom`, horizontal rules at `ys` from
/// the first x to `right` (past the last vertical rule when the table is cut at the margin).
pub fn grid(xs: &[f64], ys: &[f64], right: f64) -> Vec<Op> {
    let (top, bottom) = (ys[0], ys[ys.len() - 1]);
    let mut ops: Vec<Op> = xs.iter().map(|&x| Op::Rule(x, top, x, bottom)).collect();
    ops.extend(ys.iter().map(|&y| Op::Rule(xs[0], y, right, y)));
    ops
}
