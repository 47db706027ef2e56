//! The whitespace of rendered HTML as a browser reads it: templates are indented for the
//! people who edit them, and a page of a 40-row table carried a fifth of its bytes in
//! indentation and blank lines. A run of spaces and line breaks that holds a line break
//! is one line break; a browser shows both as one space (or nothing, between blocks).
//! What shows whitespace as written is left alone: `<pre>` (the embed code), `<textarea>`
//! and `<script>`.

/// Elements whose text keeps its whitespace, as they open and close.
const KEPT: [(&str, &str); 3] = [
    ("<pre", "</pre>"),
    ("<textarea", "</textarea>"),
    ("<script", "</script>"),
];

/// `html` with each whitespace run that holds a line break made one line break, outside
/// the elements of [`KEPT`].
pub fn tidy(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    loop {
        // The next element that keeps its whitespace (an opening tag: `<pre>` or
        // `<pre class=…>`, not `<prefix`).
        let next = KEPT
            .iter()
            .filter_map(|&(open, close)| {
                let mut from = 0;
                while let Some(i) = rest[from..].find(open) {
                    let at = from + i;
                    match rest.as_bytes().get(at + open.len()) {
                        Some(b'>' | b' ' | b'\t' | b'\n' | b'\r') => return Some((at, close)),
                        _ => from = at + open.len(),
                    }
                }
                None
            })
            .min_by_key(|&(at, _)| at);
        let Some((at, close)) = next else {
            collapse(rest, &mut out);
            return out;
        };
        collapse(&rest[..at], &mut out);
        let end = rest[at..]
            .find(close)
            .map_or(rest.len(), |i| at + i + close.len());
        out.push_str(&rest[at..end]);
        rest = &rest[end..];
    }
}

/// Whitespace is ASCII: the text is cut at byte offsets that are never inside a character.
fn collapse(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    let blank = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let (mut copied, mut i) = (0, 0);
    while let Some(n) = memchr::memchr(b'\n', &bytes[i..]) {
        let nl = i + n;
        let mut start = nl;
        while start > copied && blank(bytes[start - 1]) {
            start -= 1;
        }
        let mut end = nl + 1;
        while end < bytes.len() && blank(bytes[end]) {
            end += 1;
        }
        out.push_str(&text[copied..start]);
        out.push('\n');
        copied = end;
        i = end;
    }
    out.push_str(&text[copied..]);
}

#[cfg(test)]
mod tests {
    use super::tidy;

    #[test]
    fn indentation_and_blank_lines_become_one_line_break() {
        let page = "<table>\n    <tr>\n\n      <td>1</td>  <td>a  b</td>\n    </tr>\n</table>\n";
        assert_eq!(
            tidy(page),
            "<table>\n<tr>\n<td>1</td>  <td>a  b</td>\n</tr>\n</table>\n"
        );
    }

    #[test]
    fn what_shows_whitespace_as_written_keeps_it() {
        let page = "<div>\n  <pre class=\"embed-code\">&lt;iframe\n    src=…&gt;</pre>\n  \
                    <textarea>\n  a\n</textarea>\n  <script>\n  let a = `x\n  y`;\n</script>\n  \
                    <prefix>\n  </prefix>\n</div>";
        assert_eq!(
            tidy(page),
            "<div>\n<pre class=\"embed-code\">&lt;iframe\n    src=…&gt;</pre>\n\
             <textarea>\n  a\n</textarea>\n<script>\n  let a = `x\n  y`;\n</script>\n\
             <prefix>\n</prefix>\n</div>"
        );
    }

    #[test]
    fn an_element_left_open_keeps_the_rest() {
        assert_eq!(tidy("a\n  <pre>\n  b"), "a\n<pre>\n  b");
    }
}
