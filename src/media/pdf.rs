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
    // The objects the removed entries referred to: gone with them, not earlier versions.
    let mut theirs = Vec::new();
    if let Some(info) = doc.trailer.remove(b"Info") {
        removed.add(part::INFO);
        theirs.extend(info.as_reference().ok());
    }
    for object in doc.objects.values_mut() {
        clean(object, &mut removed, &mut theirs);
    }
    let encrypted = doc.is_encrypted() || doc.was_encrypted();
    if encrypted && !removed.0.is_empty() {
        // Rewriting it would need its keys; written in the clear it would lose its
        // protection without anyone asking for that.
        return Err(Refused::Encrypted);
    }
    // Dictionaries and streams that nothing refers to: an earlier version of a file saved
    // incrementally (its old Info and XMP among them) is still in the bytes. (Lengths
    // that lopdf reads into their streams, and object and cross-reference streams, which
    // any save writes anew, are no versions.) In an encrypted file they are ciphered like
    // the rest.
    if !encrypted {
        let versions: Vec<_> = doc
            .objects
            .iter()
            .filter(|(id, o)| {
                matches!(o, Object::Dictionary(_) | Object::Stream(_))
                    && !matches!(o.type_name(), Ok(b"ObjStm" | b"XRef" | b"Linearized"))
                    && !theirs.contains(id)
            })
            .map(|(id, _)| *id)
            .collect();
        if doc.prune_objects().iter().any(|id| versions.contains(id)) {
            removed.add(part::OLD_VERSIONS);
        }
    }
    if removed.0.is_empty() {
        return Ok((None, removed.0));
    }
    let mut out = Vec::with_capacity(bytes.len());
    doc.save_to(&mut out)
        .map_err(|_| Refused::Broken(Format::Pdf))?;
    Ok((Some(out), removed.0))
}

/// Remove metadata keys from `object` and what it holds; `theirs` gets the objects the
/// removed entries referred to.
fn clean(object: &mut Object, removed: &mut Removed, theirs: &mut Vec<lopdf::ObjectId>) {
    let dict = match object {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &mut s.dict,
        Object::Array(items) => {
            for item in items {
                clean(item, removed, theirs);
            }
            return;
        }
        _ => return,
    };
    for (key, label) in [
        (&b"Metadata"[..], part::XMP),
        (b"PieceInfo", part::APP_DATA),
    ] {
        if let Some(gone) = dict.remove(key) {
            removed.add(label);
            theirs.extend(gone.as_reference().ok());
        }
    }
    for (_, value) in dict.iter_mut() {
        clean(value, removed, theirs);
    }
}

fn contains(bytes: &[u8], needle: &[u8]) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle)
}
