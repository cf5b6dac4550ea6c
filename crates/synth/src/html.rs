//! Reports as web pages, the way government sites publish them: the report inside page chrome
//! (navigation, a 索引号/发布机构/生成日期 metadata table, share links, 扫一扫 and a footer),
//! tables with rowspan/colspan, and the variations of the wild: single, double or missing
//! attribute quotes, inline styles, `<p>` inside cells, `&nbsp;` in empty cells, Word's HTML
//! export (`class=MsoNormal`, `<o:p>`, cells and rows left unclosed), GBK pages declaring
//! `gb2312`. Returns bytes: the page may not be UTF-8.

use crate::model::SynthReport;
use crate::render::RenderOptions;
use crate::structured::{Block, TCell, Table, blocks};
use rand::{Rng, RngExt};

/// How this page is written.
#[derive(Clone, Copy, Debug)]
struct Style {
    /// `"`, `'` or none (unquoted where the value allows it).
    quote: Option<char>,
    /// Word's "save as web page": MsoNormal paragraphs, `<o:p>`, unclosed cells and rows.
    word: bool,
    /// `<p>` inside table cells.
    cell_p: bool,
    /// `&nbsp;` in empty cells.
    nbsp: bool,
    /// Header cells as `<th>`.
    th: bool,
    /// Encoded as GBK, declared `gb2312`.
    gbk: bool,
    /// Navigation, share links and footer around the article.
    chrome: bool,
    /// The 索引号 / 发布机构 / 生成日期 table above the article.
    meta_table: bool,
    /// The `<meta>` tags of the national website specification (ArticleTitle, PubDate,
    /// ContentSource) in the head.
    head_meta: bool,
}

/// Render a report as a web page.
pub fn render_html<R: Rng + ?Sized>(
    report: &SynthReport,
    options: RenderOptions,
    rng: &mut R,
) -> Vec<u8> {
    let style = Style {
        quote: match rng.random_range(0..4) {
            0 | 1 => Some('"'),
            2 => Some('\''),
            _ => None,
        },
        word: rng.random_bool(0.3),
        cell_p: rng.random_bool(0.4),
        nbsp: rng.random_bool(0.7),
        th: rng.random_bool(0.2),
        gbk: rng.random_bool(0.25),
        chrome: rng.random_bool(0.7),
        meta_table: rng.random_bool(0.5),
        head_meta: rng.random_bool(0.5),
    };
    let (body, _) = blocks(report, options.blank_cells, rng);
    let mut w = Page {
        s: String::with_capacity(32 * 1024),
        style,
        rng,
    };
    w.page(report, &body);
    if style.gbk {
        let (bytes, _, _) = encoding_rs::GBK.encode(&w.s);
        bytes.into_owned()
    } else {
        w.s.into_bytes()
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

struct Page<'r, R: Rng + ?Sized> {
    s: String,
    style: Style,
    rng: &'r mut R,
}

impl<R: Rng + ?Sized> Page<'_, R> {
    /// ` name="value"` in the page's quoting (quoted anyway when the value needs it).
    fn attr(&self, name: &str, value: &str) -> String {
        let needs = value.is_empty() || value.contains([' ', '"', '\'', '=', '<', '>', ';']);
        match (self.style.quote, needs) {
            (Some('\''), _) if !value.contains('\'') => format!(" {name}='{value}'"),
            (None, false) => format!(" {name}={value}"),
            _ => format!(" {name}=\"{value}\""),
        }
    }

    fn push(&mut self, s: &str) {
        self.s.push_str(s);
    }

    fn page(&mut self, r: &SynthReport, body: &[Block]) {
        let title = body
            .iter()
            .find_map(|b| match b {
                Block::Title(t) => Some(t.clone()),
                _ => None,
            })
            .unwrap_or_default();
        match self.rng.random_range(0..3) {
            0 => self.push("<!DOCTYPE html>\n"),
            1 => self.push(
                "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n",
            ),
            _ => {}
        }
        self.push("<html>\n<head>\n");
        if self.style.gbk {
            if self.rng.random_bool(0.5) {
                self.push("<meta charset=\"gb2312\">\n");
            } else {
                self.push(
                    "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\n",
                );
            }
        } else {
            self.push("<meta charset=\"utf-8\">\n");
        }
        self.push(&format!("<title>{}</title>\n", escape(&title)));
        if self.style.head_meta {
            let minute = self.rng.random_range(0..60u32);
            self.push(&format!(
                "<meta name=\"ArticleTitle\" content=\"{}\">\n<meta name=\"PubDate\" content=\"{} 09:{:02}\">\n<meta name=\"ContentSource\" content=\"{}\">\n",
                escape(&title),
                r.published.iso(),
                minute,
                escape(&r.org)
            ));
        }
        if self.style.word {
            self.push("<!--[if gte mso 9]><xml><o:DocumentProperties><o:Pages>3</o:Pages><o:Words>2024</o:Words></o:DocumentProperties></xml><![endif]-->\n");
        }
        self.push(
            "<style type=\"text/css\">body{font-family:\"宋体\";} .content p{line-height:2em;} td{border:1px solid #000;}</style>\n",
        );
        self.push(
            "<script type=\"text/javascript\">var _hmt = _hmt || []; var tpl = '<tr><td>99</td></tr>';</script>\n</head>\n<body>\n",
        );
        if self.style.chrome {
            self.push(
                "<div class=\"header\"><a href=\"/\">首页</a> <a href=\"/zwgk/\">政务公开</a> <a href=\"/hdjl/\">互动交流</a></div>\n",
            );
            self.push(
                "<div class=\"nav\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/zwgk/\">政府信息公开</a> &gt; 政府信息公开年报</div>\n",
            );
        }
        if self.style.meta_table {
            self.meta_table(r, &title);
        }
        self.push(&format!("<div{}>\n", self.attr("class", "article")));
        let is_head = |b: &&Block| matches!(b, Block::Title(_) | Block::DateLine(_));
        for b in body.iter().filter(is_head) {
            self.block(r, b);
        }
        if self.style.chrome {
            self.push("<div class=\"font\">【字体：<a href=\"#\">大</a> <a href=\"#\">中</a> <a href=\"#\">小</a>】 <a href=\"javascript:window.print()\">打印</a></div>\n");
        }
        self.push(&format!("<div{}>\n", self.attr("class", "content")));
        for b in body.iter().filter(|b| !is_head(b)) {
            self.block(r, b);
        }
        self.push("</div>\n</div>\n");
        if self.style.chrome {
            self.push(
                "<div class=\"share\">分享到：<a href=\"#\">微信</a> <a href=\"#\">微博</a> <a href=\"#\">QQ空间</a></div>\n",
            );
            self.push(
                "<div class=\"qr\"><img src=\"qr.png\" alt=\"\"><p>扫一扫在手机打开当前页</p></div>\n",
            );
            let site_id = 4_403_000_001u64 + u64::from(self.rng.random_range(0..9999u32));
            self.push(&format!(
                "<div class=\"footer\"><p>主办单位：{}</p><p>网站标识码：{} 备案号：ICP备05070218号</p></div>\n",
                escape(&r.org),
                site_id
            ));
        }
        self.push("</body>\n</html>\n");
    }

    /// The metadata table government sites put above a document.
    fn meta_table(&mut self, r: &SynthReport, title: &str) {
        let index = format!(
            "11{:06}MB{:04}X/{}-{:05}",
            self.rng.random_range(100_000..999_999u32),
            self.rng.random_range(1000..9999u32),
            r.published.year,
            self.rng.random_range(1..99_999u32)
        );
        let date = r.published.iso();
        let rows = [
            ["索引号", index.as_str(), "分类", "政府信息公开年报"],
            ["发布机构", r.org.as_str(), "生成日期", date.as_str()],
            ["名称", title, "文号", ""],
            ["主题词", "", "是否有效", "是"],
        ];
        self.push(&format!(
            "<table{}{}>\n",
            self.attr("class", "xxgk-table"),
            self.attr("width", "100%")
        ));
        for row in rows {
            self.push("<tr>");
            for (i, c) in row.iter().enumerate() {
                let class = if i % 2 == 0 { "label" } else { "value" };
                let text = if c.is_empty() {
                    "&nbsp;".to_owned()
                } else {
                    escape(c)
                };
                self.push(&format!("<td{}>{text}</td>", self.attr("class", class)));
            }
            self.push("</tr>\n");
        }
        self.push("</table>\n");
    }

    fn block(&mut self, r: &SynthReport, b: &Block) {
        match b {
            Block::Title(t) => {
                let t = escape(t);
                match self.rng.random_range(0..3) {
                    0 => self.push(&format!("<h1{}>{t}</h1>\n", self.attr("class", "title"))),
                    1 => self.push(&format!("<div{}>{t}</div>\n", self.attr("class", "title"))),
                    _ => self.push(&format!(
                        "<p{}><b><span{}>{t}</span></b></p>\n",
                        self.attr("align", "center"),
                        self.attr("style", "font-size:22pt;font-family:方正小标宋简体")
                    )),
                }
            }
            Block::DateLine(d) => {
                let source = if self.rng.random_bool(0.5) {
                    format!(" 来源：{}", escape(&r.org))
                } else {
                    String::new()
                };
                let views = self.rng.random_range(10..5000u32);
                self.push(&format!(
                    "<div{}><span>{}</span><span>{source}</span> <span>浏览次数：{views}</span></div>\n",
                    self.attr("class", "info"),
                    escape(d)
                ));
            }
            Block::Heading { text, .. } => {
                let t = escape(text);
                match (self.style.word, self.rng.random_range(0..3)) {
                    (true, _) => self.push(&format!(
                        "<p class=MsoNormal style='text-indent:32.0pt'><b><span style='font-family:黑体'>{t}<span lang=EN-US><o:p></o:p></span></span></b></p>\n"
                    )),
                    (_, 0) => self.push(&format!("<h3>{t}</h3>\n")),
                    (_, 1) => self.push(&format!("<p><strong>{t}</strong></p>\n")),
                    _ => self.push(&format!(
                        "<p{}><span{}>{t}</span></p>\n",
                        self.attr("style", "text-indent:2em"),
                        self.attr("style", "font-family:黑体")
                    )),
                }
            }
            Block::SubHeading(t) => {
                let t = escape(t);
                self.push(&format!(
                    "<p{}><strong>{t}</strong></p>\n",
                    self.attr("style", "text-indent:2em")
                ));
            }
            Block::Para(t) => {
                let t = escape(t);
                match (self.style.word, self.rng.random_range(0..3)) {
                    (true, _) => self.push(&format!(
                        "<p class=MsoNormal style='text-indent:32.0pt;line-height:28.0pt'><span style='font-size:16.0pt;font-family:仿宋_GB2312'>{t}<span lang=EN-US><o:p></o:p></span></span></p>\n"
                    )),
                    (_, 0) => self.push(&format!("<p>&emsp;&emsp;{t}</p>\n")),
                    (_, 1) => self.push(&format!(
                        "<p{}>{t}</p>\n",
                        self.attr("style", "text-indent:2em;")
                    )),
                    _ => self.push(&format!("<div>\u{3000}\u{3000}{t}</div>\n")),
                }
            }
            Block::Table(t) => self.table(t),
        }
    }

    fn table(&mut self, t: &Table) {
        let word = self.style.word;
        // Word leaves cells and rows unclosed on some pages, closes them on others.
        let close = !word || self.rng.random_bool(0.5);
        if word {
            self.push("<div align=center><table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;border:none'>\n");
        } else {
            self.push(&format!(
                "<table{}{}{}{}>\n",
                self.attr("border", "1"),
                self.attr("cellspacing", "0"),
                self.attr("width", "100%"),
                self.attr("style", "border-collapse:collapse;")
            ));
        }
        let tbody = self.rng.random_bool(0.5);
        if tbody {
            self.push("<tbody>\n");
        }
        for row in &t.rows {
            if word {
                self.push("<tr style='height:20.0pt'>\n");
            } else {
                self.push("<tr>\n");
            }
            for c in row {
                self.cell(c, t.width, close);
            }
            if close {
                self.push("</tr>\n");
            }
        }
        if word {
            // Word's column-width row: empty cells, no borders.
            self.push("<![if !supportMisalignedColumns]>\n<tr height=0>");
            for _ in 0..t.width {
                self.push("<td width=42 style='border:none'></td>");
            }
            self.push("</tr>\n<![endif]>\n");
        }
        if tbody {
            self.push("</tbody>\n");
        }
        self.push("</table>\n");
        if word {
            self.push("</div>\n");
        }
    }

    fn cell(&mut self, c: &TCell, width: usize, close: bool) {
        let tag = if c.header && self.style.th {
            "th"
        } else {
            "td"
        };
        let mut attrs = String::new();
        let px = 640 * c.colspan / width.max(1);
        if self.style.word {
            attrs.push_str(&format!(
                " width={px} valign=top style='width:{}pt;border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'",
                px * 3 / 4
            ));
        } else if self.rng.random_bool(0.3) {
            attrs.push_str(&self.attr("style", "text-align:center;"));
        }
        if c.rowspan > 1 {
            attrs.push_str(&self.attr("rowspan", &c.rowspan.to_string()));
        }
        if c.colspan > 1 {
            attrs.push_str(&self.attr("colspan", &c.colspan.to_string()));
        }
        let text = if c.lines.is_empty() {
            if self.style.word {
                "<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>".to_owned()
            } else if self.style.nbsp {
                "&nbsp;".to_owned()
            } else {
                String::new()
            }
        } else {
            let mut lines: Vec<String> = c.lines.iter().map(|l| escape(l)).collect();
            if c.numeric && !self.style.word && self.rng.random_bool(0.1) {
                // Centred by hand.
                for l in &mut lines {
                    *l = format!("&nbsp;{l}&nbsp;");
                }
            }
            if self.style.word {
                let inner = lines.join("<br>");
                let body = if c.numeric {
                    format!("<span lang=EN-US>{inner}</span>")
                } else {
                    inner
                };
                format!(
                    "<p class=MsoNormal align=center style='text-align:center'><span style='font-size:10.5pt;font-family:宋体'>{body}<span lang=EN-US><o:p></o:p></span></span></p>"
                )
            } else if self.style.cell_p {
                lines
                    .iter()
                    .map(|l| format!("<p>{l}</p>"))
                    .collect::<String>()
            } else {
                let br = if self.rng.random_bool(0.5) {
                    "<br>"
                } else {
                    "<br />"
                };
                lines.join(br)
            }
        };
        self.push(&format!("<{tag}{attrs}>{text}"));
        if close {
            self.push(&format!("</{tag}>"));
        }
        self.push("\n");
    }
}
