//! A small document model for texts a person reads (the debrief): a list
//! of blocks (headings, paragraphs, lists, quotes, tables) made of runs of
//! plain, bold and italic text and links. It is plain data: `crate::io`
//! writes it out as Markdown or as one self-contained HTML page, so the
//! text is built once and the two formats say the same thing.

/// A run of text with one style.
#[derive(Clone, Debug, PartialEq)]
pub enum Run {
    /// Text with no emphasis.
    Plain(String),
    /// Strong emphasis.
    Bold(String),
    /// Light emphasis.
    Italic(String),
    /// A link: the text shown and where it points.
    Link {
        /// The text shown.
        text: String,
        /// The address.
        url: String,
    },
}

/// A line of runs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Line(pub Vec<Run>);

impl Line {
    /// An empty line to add runs to.
    pub fn new() -> Line {
        Line(Vec::new())
    }

    /// Plain text.
    pub fn plain(mut self, text: impl Into<String>) -> Line {
        self.0.push(Run::Plain(text.into()));
        self
    }

    /// Bold text.
    pub fn bold(mut self, text: impl Into<String>) -> Line {
        self.0.push(Run::Bold(text.into()));
        self
    }

    /// Italic text.
    pub fn italic(mut self, text: impl Into<String>) -> Line {
        self.0.push(Run::Italic(text.into()));
        self
    }

    /// A link.
    pub fn link(mut self, text: impl Into<String>, url: impl Into<String>) -> Line {
        self.0.push(Run::Link {
            text: text.into(),
            url: url.into(),
        });
        self
    }

    /// Whether the line has no text.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|r| match r {
            Run::Plain(t) | Run::Bold(t) | Run::Italic(t) => t.is_empty(),
            Run::Link { text, .. } => text.is_empty(),
        })
    }
}

impl From<&str> for Line {
    fn from(text: &str) -> Line {
        Line::new().plain(text)
    }
}

impl From<String> for Line {
    fn from(text: String) -> Line {
        Line::new().plain(text)
    }
}

/// An item of a list, with the items nested under it.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// The item's own line.
    pub line: Line,
    /// The lines listed under it.
    pub nested: Vec<Line>,
}

impl From<Line> for Item {
    fn from(line: Line) -> Item {
        Item {
            line,
            nested: Vec::new(),
        }
    }
}

/// A block of the document.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// A heading, level 1 to 3.
    Heading(u8, Line),
    /// A paragraph.
    Paragraph(Line),
    /// A bulleted list.
    List(Vec<Item>),
    /// A numbered list.
    Numbered(Vec<Line>),
    /// A quotation.
    Quote(Line),
    /// A table with a header row.
    Table {
        /// The column headings.
        header: Vec<String>,
        /// The rows, one line per cell.
        rows: Vec<Vec<Line>>,
    },
    /// A step of a path: kept on one page when printed.
    Section(Vec<Block>),
}

/// A document: a title and its blocks.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    /// The title (the HTML page's title; the first heading says it too).
    pub title: String,
    /// The blocks, in reading order.
    pub blocks: Vec<Block>,
}
