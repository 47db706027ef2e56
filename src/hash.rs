//! Hashes of inputs: pieces of bytes and plain data streamed into one 128-bit xxh3, each
//! piece prefixed by its length, so that `ab` + `c` and `a` + `bc` differ. A stage uses it
//! to fingerprint what it read (a bulletin's files, the theme's templates); the query layer
//! builds its cache keys on it.

use serde::Serialize;
use xxhash_rust::xxh3::Xxh3;

/// A hash being made: feed it every input, then [`Hasher::finish`].
#[derive(Clone, Default)]
pub struct Hasher(Xxh3);

impl Hasher {
    pub fn new() -> Hasher {
        Hasher::default()
    }

    /// Add a piece of input.
    pub fn add(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub fn add_str(&mut self, s: &str) -> &mut Self {
        self.add(s.as_bytes())
    }

    pub fn add_u128(&mut self, n: u128) -> &mut Self {
        self.add(&n.to_le_bytes())
    }

    /// `value` as JSON, streamed into the hash (JSON delimits itself): no string made.
    pub fn add_json(&mut self, value: &impl Serialize) -> &mut Self {
        serde_json::to_writer(Writer(&mut self.0), value).expect("plain data serialises");
        self
    }

    pub fn finish(&self) -> u128 {
        self.0.digest128()
    }
}

/// Feeds what serde writes straight into the hash, without a string in between.
struct Writer<'a>(&'a mut Xxh3);

impl std::io::Write for Writer<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A hash of `value` as JSON.
pub fn of_json(value: &impl Serialize) -> u128 {
    Hasher::new().add_json(value).finish()
}

/// Declares a typed key: a 128-bit hash that only a key of the same kind compares with,
/// written as 32 hexadecimal digits where it names a file.
macro_rules! key_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u128);

        impl $name {
            /// The key as a file name: 32 hexadecimal digits.
            pub fn hex(self) -> String {
                format!("{:032x}", self.0)
            }
        }
    };
}

pub(crate) use key_type;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_are_delimited() {
        let ab_c = Hasher::new().add_str("ab").add_str("c").finish();
        let a_bc = Hasher::new().add_str("a").add_str("bc").finish();
        assert_ne!(ab_c, a_bc);
        assert_eq!(ab_c, Hasher::new().add_str("ab").add_str("c").finish());
    }
}
