//! PDF, through lopdf: the document information dictionary (Title, Author, Subject,
//! Keywords, Creator, Producer, dates: what the office program filled in from the
//! computer's user name) and every XMP metadata stream (the document's, and those of
//! pages, images and fonts) are removed, with programs' private data (`PieceInfo`);
//! objects nothing refers to any more (earlier versions of an edited file among them)
//! are dropped, so that no old copy stays in the bytes. The pages are not touched.

use lopdf::{Document, Object};

use super::{Format, Out, Refused, Removed, part};

pub(super) fn strip(bytes: &[u8]) -> Out {
    let mut doc = match Document::load_mem(bytes) {
        Ok(doc) => doc,
        Err(_) if contains(bytes, b"/Encrypt") => return Err(Refused::Encrypted),
        Err(_) => return Err(Refused::Broken(Format::Pdf)),
    };
    let mut removed = Removed::default();
    if doc.trailer.remove(b"Info").is_some() {
        removed.add(part::INFO);
    }
    for object in doc.objects.values_mut() {
        clean(object, &mut removed);
    }
    let encrypted = doc.is_encrypted() || doc.was_encrypted();
    if encrypted && !removed.0.is_empty() {
        // Rewriting it would need its keys; written in the clear it would lose its
        // protection without anyone asking for that.
        return Err(Refused::Encrypted);
    }
    // Objects that nothing refers to: an earlier version of a file saved incrementally
    // (its old Info and XMP among them) is still in the bytes. In an encrypted file
    // they are ciphered like the rest.
    if !encrypted && !doc.prune_objects().is_empty() {
        removed.add(part::OLD_VERSIONS);
    }
    if removed.0.is_empty() {
        return Ok((None, removed.0));
    }
    let mut out = Vec::with_capacity(bytes.len());
    doc.save_to(&mut out)
        .map_err(|_| Refused::Broken(Format::Pdf))?;
    Ok((Some(out), removed.0))
}

/// Remove metadata keys from `object` and what it holds.
fn clean(object: &mut Object, removed: &mut Removed) {
    let dict = match object {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &mut s.dict,
        Object::Array(items) => {
            for item in items {
                clean(item, removed);
            }
            return;
        }
        _ => return,
    };
    if dict.remove(b"Metadata").is_some() {
        removed.add(part::XMP);
    }
    if dict.remove(b"PieceInfo").is_some() {
        removed.add(part::APP_DATA);
    }
    for (_, value) in dict.iter_mut() {
        clean(value, removed);
    }
}

fn contains(bytes: &[u8], needle: &[u8]) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle)
}
