//! Writing a [`Document`] out: as Markdown (CommonMark with GitHub tables)
//! or as one self-contained HTML page that reads well on screen and prints
//! well. The document itself is built in [`crate::report`].

use std::fmt::Write;

use crate::report::{Block, Document, Line, Run};

impl Document {
    /// The document as Markdown (CommonMark with GitHub tables).
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            markdown_block(&mut out, block);
        }
        while out.ends_with("\n\n") {
            out.pop();
        }
        out
    }

    /// The document as one self-contained HTML page (styles inline, no
    /// scripts, no outside files) laid out for reading and printing.
    pub fn to_html(&self) -> String {
        let mut out = String::new();
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<main>\n",
            escape(&self.title)
        );
        for block in &self.blocks {
            html_block(&mut out, block);
        }
        out.push_str("</main>\n</body>\n</html>\n");
        out
    }
}

/// The page's styles: readable on screen, and on paper with no sections
/// split across pages where it can be helped.
const STYLE: &str = "body { font-family: Georgia, 'Times New Roman', serif; line-height: 1.45; color: #1a1a1a; background: #fff; margin: 0; }
main { max-width: 46rem; margin: 2rem auto; padding: 0 1.2rem; }
h1 { font-size: 1.9rem; margin-bottom: 0.3rem; }
h2 { font-size: 1.35rem; border-bottom: 1px solid #bbb; padding-bottom: 0.15rem; margin-top: 2rem; }
h3 { font-size: 1.1rem; margin: 1.2rem 0 0.4rem; }
blockquote { margin: 0.4rem 0 0.4rem 1rem; padding-left: 0.8rem; border-left: 3px solid #999; color: #333; font-style: italic; }
table { border-collapse: collapse; margin: 0.6rem 0; }
th, td { border: 1px solid #999; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #eee; }
ul, ol { padding-left: 1.4rem; }
section { break-inside: avoid; page-break-inside: avoid; }
a { color: #1f4f9f; }
@media print {
  @page { margin: 18mm 16mm; }
  body { font-size: 11pt; }
  main { max-width: none; margin: 0; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; }
  a[href]::after { content: \" <\" attr(href) \">\"; font-size: 0.85em; }
}
";

fn markdown_line(line: &Line) -> String {
    let mut out = String::new();
    for run in &line.0 {
        match run {
            Run::Plain(t) => out.push_str(t),
            Run::Bold(t) => emphasis(&mut out, t, "**"),
            Run::Italic(t) => emphasis(&mut out, t, "*"),
            Run::Link { text, url } if text == url => {
                let _ = write!(out, "<{url}>");
            }
            Run::Link { text, url } => {
                let _ = write!(out, "[{text}]({url})");
            }
        }
    }
    out
}

/// `text` between `marks`, with the spaces at either end left outside
/// them (CommonMark does not close `**bold **`).
fn emphasis(out: &mut String, text: &str, marks: &str) {
    let inner = text.trim();
    if inner.is_empty() {
        out.push_str(text);
        return;
    }
    let start = text.len() - text.trim_start().len();
    let end = text.trim_end().len();
    let _ = write!(
        out,
        "{}{marks}{inner}{marks}{}",
        &text[..start],
        &text[end..]
    );
}

fn markdown_block(out: &mut String, block: &Block) {
    match block {
        Block::Heading(level, line) => {
            let hashes = "#".repeat(usize::from((*level).clamp(1, 6)));
            let _ = writeln!(out, "{hashes} {}\n", markdown_line(line));
        }
        Block::Paragraph(line) => {
            let _ = writeln!(out, "{}\n", markdown_line(line));
        }
        Block::List(items) => {
            for item in items {
                let _ = writeln!(out, "- {}", markdown_line(&item.line));
                for nested in &item.nested {
                    let _ = writeln!(out, "  - {}", markdown_line(nested));
                }
            }
            out.push('\n');
        }
        Block::Numbered(lines) => {
            for (k, line) in lines.iter().enumerate() {
                let _ = writeln!(out, "{}. {}", k + 1, markdown_line(line));
            }
            out.push('\n');
        }
        Block::Quote(line) => {
            let _ = writeln!(out, "> {}\n", markdown_line(line));
        }
        Block::Table { header, rows } => {
            let cell = |text: String| text.replace('|', "\\|");
            let _ = writeln!(
                out,
                "| {} |",
                header
                    .iter()
                    .map(|h| cell(h.clone()))
                    .collect::<Vec<_>>()
                    .join(" | ")
            );
            let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
            for row in rows {
                let _ = writeln!(
                    out,
                    "| {} |",
                    row.iter()
                        .map(|c| cell(markdown_line(c)))
                        .collect::<Vec<_>>()
                        .join(" | ")
                );
            }
            out.push('\n');
        }
        Block::Section(blocks) => {
            for block in blocks {
                markdown_block(out, block);
            }
        }
    }
}

/// `text` with the characters HTML gives a meaning escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Whether a link may be written into the page as a link: web and mail
/// addresses only, never `javascript:` or `data:`.
fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// An author's text with its inline Markdown rendered, escaped: `code`,
/// **strong** and *emphasis* (or _emphasis_). A mark with no partner is
/// kept as text, except a lone backtick, which becomes an apostrophe so
/// that no Markdown shows raw in a handout. One pass, O(n^2) at worst on
/// a text full of lone marks; author texts are short.
pub fn inline_markdown_html(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let (mark, open, close) = match c {
            '`' => ("`", "<code>", "</code>"),
            '*' if rest.starts_with("**") => ("**", "<strong>", "</strong>"),
            '*' => ("*", "<em>", "</em>"),
            '_' if out.is_empty() || out.ends_with([' ', '(', '>']) => ("_", "<em>", "</em>"),
            _ => {
                out.push_str(&escape(&c.to_string()));
                rest = &rest[c.len_utf8()..];
                continue;
            }
        };
        let after = &rest[mark.len()..];
        match after.find(mark) {
            Some(end) if end > 0 && !after[..end].starts_with(' ') => {
                let inner = &after[..end];
                let inner = if mark == "`" {
                    escape(inner)
                } else {
                    inline_markdown_html(inner)
                };
                let _ = write!(out, "{open}{inner}{close}");
                rest = &after[end + mark.len()..];
            }
            _ => {
                out.push_str(if mark == "`" { "'" } else { mark });
                rest = after;
            }
        }
    }
    out
}

fn html_line(line: &Line) -> String {
    let mut out = String::new();
    for run in &line.0 {
        match run {
            Run::Plain(t) => out.push_str(&inline_markdown_html(t)),
            Run::Bold(t) => {
                let _ = write!(out, "<strong>{}</strong>", inline_markdown_html(t));
            }
            Run::Italic(t) => {
                let _ = write!(out, "<em>{}</em>", inline_markdown_html(t));
            }
            Run::Link { text, url } if safe_url(url) => {
                let _ = write!(out, "<a href=\"{}\">{}</a>", escape(url), escape(text));
            }
            Run::Link { text, url } if text == url => out.push_str(&escape(text)),
            Run::Link { text, url } => {
                let _ = write!(out, "{} ({})", escape(text), escape(url));
            }
        }
    }
    out
}

fn html_block(out: &mut String, block: &Block) {
    match block {
        Block::Heading(level, line) => {
            let level = (*level).clamp(1, 6);
            let _ = writeln!(out, "<h{level}>{}</h{level}>", html_line(line));
        }
        Block::Paragraph(line) => {
            let _ = writeln!(out, "<p>{}</p>", html_line(line));
        }
        Block::List(items) => {
            out.push_str("<ul>\n");
            for item in items {
                let _ = write!(out, "<li>{}", html_line(&item.line));
                if !item.nested.is_empty() {
                    out.push_str("\n<ul>\n");
                    for nested in &item.nested {
                        let _ = writeln!(out, "<li>{}</li>", html_line(nested));
                    }
                    out.push_str("</ul>\n");
                }
                out.push_str("</li>\n");
            }
            out.push_str("</ul>\n");
        }
        Block::Numbered(lines) => {
            out.push_str("<ol>\n");
            for line in lines {
                let _ = writeln!(out, "<li>{}</li>", html_line(line));
            }
            out.push_str("</ol>\n");
        }
        Block::Quote(line) => {
            let _ = writeln!(out, "<blockquote>{}</blockquote>", html_line(line));
        }
        Block::Table { header, rows } => {
            out.push_str("<table>\n<thead><tr>");
            for h in header {
                let _ = write!(out, "<th>{}</th>", escape(h));
            }
            out.push_str("</tr></thead>\n<tbody>\n");
            for row in rows {
                out.push_str("<tr>");
                for c in row {
                    let _ = write!(out, "<td>{}</td>", html_line(c));
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</tbody>\n</table>\n");
        }
        Block::Section(blocks) => {
            out.push_str("<section>\n");
            for block in blocks {
                html_block(out, block);
            }
            out.push_str("</section>\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Item;

    #[test]
    fn html_escapes_text_and_refuses_script_links() {
        let doc = Document {
            title: "<b>".into(),
            blocks: vec![Block::Paragraph(
                Line::new()
                    .plain("a < b & \"c\"")
                    .link("x", "javascript:alert(1)"),
            )],
        };
        let html = doc.to_html();
        assert!(html.contains("<title>&lt;b&gt;</title>"));
        assert!(html.contains("<p>a &lt; b &amp; &quot;c&quot;x (javascript:alert(1))</p>"));
        assert!(!html.contains("href=\"javascript"));
    }

    #[test]
    fn html_renders_the_authors_inline_markdown() {
        assert_eq!(
            inline_markdown_html("Check `solve --all` from *here*, **now** & _then_."),
            "Check <code>solve --all</code> from <em>here</em>, <strong>now</strong> &amp; <em>then</em>."
        );
        // Marks with no partner stay text; a lone backtick is no backtick.
        assert_eq!(inline_markdown_html("3 * 4 and it`s"), "3 * 4 and it's");
        assert_eq!(
            inline_markdown_html("a `<b>` c"),
            "a <code>&lt;b&gt;</code> c"
        );
        assert_eq!(inline_markdown_html("snake_case_name"), "snake_case_name");
    }

    #[test]
    fn markdown_writes_lists_tables_and_quotes() {
        let doc = Document {
            title: "t".into(),
            blocks: vec![
                Block::Heading(2, "Path".into()),
                Block::List(vec![Item {
                    line: Line::new().bold("East").plain(": offer"),
                    nested: vec!["West accepts".into()],
                }]),
                Block::Table {
                    header: vec!["A".into(), "B".into()],
                    rows: vec![vec!["1 | 2".into(), Line::new().italic("x")]],
                },
                Block::Quote("q".into()),
            ],
        };
        assert_eq!(
            doc.to_markdown(),
            "## Path\n\n- **East**: offer\n  - West accepts\n\n| A | B |\n|---|---|\n| 1 \\| 2 | *x* |\n\n> q\n"
        );
    }
}
