//! The one EXIF tag a published photo keeps: its orientation (TIFF tag 0x0112 of IFD0).
//! A phone stores a portrait as a landscape picture turned by this tag; without it the
//! photo would show on its side. The rest of EXIF (GPS, owner, serial numbers, maker
//! notes, the thumbnail) goes.

const ORIENTATION: u16 = 0x0112;
const SHORT: u16 = 3;

/// The orientation in a TIFF structure (EXIF without its `Exif\0\0` prefix), when it is
/// there and is not the default (1, upright as stored).
pub fn orientation(tiff: &[u8]) -> Option<u16> {
    let big = match tiff.get(..4)? {
        b"MM\0*" => true,
        b"II*\0" => false,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b: [u8; 2] = tiff.get(at..at + 2)?.try_into().ok()?;
        Some(if big {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b: [u8; 4] = tiff.get(at..at + 4)?.try_into().ok()?;
        Some(if big {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    };
    let ifd = usize::try_from(u32_at(4)?).ok()?;
    let count = usize::from(u16_at(ifd)?);
    (0..count)
        .map(|i| ifd + 2 + i * 12)
        .find(|&entry| u16_at(entry) == Some(ORIENTATION))
        .and_then(|entry| {
            (u16_at(entry + 2)? == SHORT && u32_at(entry + 4)? == 1).then_some(())?;
            u16_at(entry + 8)
        })
        .filter(|o| (2..=8).contains(o))
}

/// A TIFF structure holding only `orientation`: big-endian, one IFD of one entry.
pub fn minimal(orientation: u16) -> Vec<u8> {
    let mut t = Vec::with_capacity(26);
    t.extend_from_slice(b"MM\0*");
    t.extend_from_slice(&8u32.to_be_bytes());
    t.extend_from_slice(&1u16.to_be_bytes());
    t.extend_from_slice(&ORIENTATION.to_be_bytes());
    t.extend_from_slice(&SHORT.to_be_bytes());
    t.extend_from_slice(&1u32.to_be_bytes());
    t.extend_from_slice(&orientation.to_be_bytes());
    t.extend_from_slice(&[0, 0]);
    t.extend_from_slice(&0u32.to_be_bytes());
    t
}

/// What becomes of an EXIF block: `None` to drop it, or the minimal block to keep in its
/// place; and whether that is a change (a block that is already minimal stays as it is).
pub fn keep(tiff: &[u8]) -> (Option<Vec<u8>>, bool) {
    match orientation(tiff) {
        Some(o) => {
            let small = minimal(o);
            let changed = small != tiff;
            (Some(small), changed)
        }
        None => (None, true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_orientation_is_read_in_either_byte_order_and_kept_alone() {
        assert_eq!(orientation(&minimal(6)), Some(6));
        // Little-endian, with another tag before it.
        let mut le = b"II*\0".to_vec();
        le.extend_from_slice(&8u32.to_le_bytes());
        le.extend_from_slice(&2u16.to_le_bytes());
        le.extend_from_slice(&0x010Fu16.to_le_bytes()); // Make
        le.extend_from_slice(&2u16.to_le_bytes());
        le.extend_from_slice(&4u32.to_le_bytes());
        le.extend_from_slice(b"ABC\0");
        le.extend_from_slice(&ORIENTATION.to_le_bytes());
        le.extend_from_slice(&SHORT.to_le_bytes());
        le.extend_from_slice(&1u32.to_le_bytes());
        le.extend_from_slice(&[8, 0, 0, 0]);
        le.extend_from_slice(&0u32.to_le_bytes());
        assert_eq!(orientation(&le), Some(8));
        assert_eq!(keep(&le), (Some(minimal(8)), true));
        assert_eq!(keep(&minimal(8)), (Some(minimal(8)), false));
        assert_eq!(keep(&minimal(1)), (None, true), "upright: nothing to keep");
        assert_eq!(orientation(b"MM\0*\xff\xff\xff\xff"), None, "cut short");
        assert_eq!(orientation(b""), None);
    }
}
