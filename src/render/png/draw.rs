//! Charts handed to the output as PNGs made when first asked for: who draws them is given
//! ([`Draw`]), so that the query layer can keep what it drew for the next build without
//! the renderers knowing.

use std::sync::Arc;

use super::{FontError, Fonts, svg_to_png};
use crate::diag::Diagnostics;
use crate::output::{Body, Later};

/// Turns a chart's SVG into PNG bytes: [`Direct`]ly, or through a store of charts drawn
/// before. `identity` is the chart's ([`identity`]).
pub trait Draw: Send + Sync {
    fn png(
        &self,
        identity: u128,
        svg: &str,
        fonts: &Fonts,
        scale: f32,
    ) -> Result<Vec<u8>, FontError>;
}

/// Draws every chart.
pub struct Direct;

impl Draw for Direct {
    fn png(&self, _: u128, svg: &str, fonts: &Fonts, scale: f32) -> Result<Vec<u8>, FontError> {
        svg_to_png(svg, fonts, scale)
    }
}

/// Bumped whenever drawing or encoding changes what a chart's pixels are.
const DRAWING: &str = "bulletin-png-2";

/// What decides a chart's pixels, hashed: the SVG, the fonts, the scale and the drawing.
pub fn identity(svg: &str, fonts: &Fonts, scale: f32) -> u128 {
    crate::hash::Hasher::new()
        .add_str(DRAWING)
        .add(&scale.to_le_bytes())
        .add_str(&fonts.identity())
        .add_str(svg)
        .finish()
}

/// The PNG of `svg`, drawn by `draw` when it is first asked for, with `finish` said of
/// what the drawing gives (its error as words, a check of its size).
pub fn chart(
    draw: &Arc<dyn Draw>,
    svg: String,
    fonts: &Arc<Fonts>,
    scale: f32,
    finish: impl Fn(Result<Vec<u8>, FontError>) -> Result<Vec<u8>, Diagnostics> + Send + Sync + 'static,
) -> Body {
    let id = identity(&svg, fonts, scale);
    let (draw, fonts) = (draw.clone(), fonts.clone());
    Body::Later(Later::new(id, move || {
        finish(draw.png(id, &svg, &fonts, scale))
    }))
}
