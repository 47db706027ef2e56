//! GIF, walked by hand (no maintained crate rewrites a GIF's blocks without decoding its
//! frames): the header and colour tables, then blocks up to the trailer. Frames, their
//! graphic controls, looping (NETSCAPE2.0, ANIMEXTS1.0) and the ICC profile are kept;
//! comments, plain text, XMP and other applications' extensions, and anything after the
//! trailer are dropped.

use super::{Format, Out, Refused, Removed, part};

const EXTENSION: u8 = 0x21;
const IMAGE: u8 = 0x2C;
const TRAILER: u8 = 0x3B;
const GRAPHIC_CONTROL: u8 = 0xF9;
const COMMENT: u8 = 0xFE;
const PLAIN_TEXT: u8 = 0x01;
const APPLICATION: u8 = 0xFF;

/// Application extensions a viewer needs: looping, and the colour profile.
const APPS_KEPT: [&[u8; 11]; 3] = [b"NETSCAPE2.0", b"ANIMEXTS1.0", b"ICCRGBG1012"];

/// The size of a colour table announced by a packed byte (none when its top bit is clear).
pub(super) fn table(packed: u8) -> usize {
    if packed & 0x80 == 0 {
        0
    } else {
        3 << ((packed & 7) + 1)
    }
}

/// The end of the data sub-blocks starting at `at` (after their zero terminator).
fn sub_blocks(data: &[u8], mut at: usize) -> Option<usize> {
    loop {
        let size = usize::from(*data.get(at)?);
        at += 1;
        if size == 0 {
            return Some(at);
        }
        at += size;
        if at > data.len() {
            return None;
        }
    }
}

pub(super) fn strip(bytes: &[u8]) -> Out {
    walk(bytes).ok_or(Refused::Broken(Format::Gif))
}

fn walk(data: &[u8]) -> Option<(Option<Vec<u8>>, Vec<&'static str>)> {
    // Header (6) and logical screen descriptor (7), then the global colour table.
    let mut at = 13 + table(*data.get(10)?);
    if at > data.len() {
        return None;
    }
    let mut removed = Removed::default();
    // Spans of the input that are kept, in order.
    let mut kept: Vec<(usize, usize)> = vec![(0, at)];
    loop {
        let start = at;
        // A file that ends without its trailer is shown as far as it goes.
        let Some(&block) = data.get(at) else { break };
        match block {
            IMAGE => {
                let packed = *data.get(at + 9)?;
                at = sub_blocks(data, at + 10 + table(packed) + 1)?;
                kept.push((start, at));
            }
            EXTENSION => {
                let label = *data.get(at + 1)?;
                at = sub_blocks(data, at + 2)?;
                let drop = match label {
                    GRAPHIC_CONTROL => None,
                    COMMENT => Some(part::COMMENT),
                    PLAIN_TEXT => Some(part::TEXT),
                    APPLICATION => {
                        let id = data.get(start + 3..start + 14)?;
                        if APPS_KEPT.iter().any(|k| &k[..] == id) {
                            None
                        } else if id == b"XMP DataXMP" {
                            Some(part::XMP)
                        } else {
                            Some(part::APP_DATA)
                        }
                    }
                    _ => Some(part::APP_DATA),
                };
                match drop {
                    Some(label) => removed.add(label),
                    None => kept.push((start, at)),
                }
            }
            TRAILER => {
                at += 1;
                kept.push((start, at));
                if at < data.len() {
                    removed.add(part::TRAILER);
                }
                break;
            }
            _ => return None,
        }
    }
    if removed.0.is_empty() {
        return Some((None, removed.0));
    }
    let mut out = Vec::with_capacity(at);
    for (from, to) in kept {
        out.extend_from_slice(&data[from..to]);
    }
    Some((Some(out), removed.0))
}
