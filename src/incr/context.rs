//! What every page is made from besides its own inputs: the theme (its templates parsed
//! once while they do not change), the chart fonts (found once while `fonts.cjk` and its
//! file do not change), the site view, who draws the charts, and the key of all of it.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use super::keys::{SiteKey, ThemeKey, key};
use super::{Db, Memo};
use crate::diag::Diagnostics;
use crate::model::{Bulletin, Site};
use crate::render::bulletin::Shared;
use crate::render::png::{Draw, Fonts};
use crate::render::views::SiteView;
use crate::render::{Templates, Theme, ThemeFiles};

/// A font file (`None`: the installed fonts) and its time, as the fonts were loaded.
pub type FontsKey = (Option<PathBuf>, Option<SystemTime>);

/// What the memo keeps of the context.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    templates: Memo<ThemeKey, Templates>,
    fonts: Memo<FontsKey, Arc<Fonts>>,
}

impl Tables {
    pub fn kept() -> Tables {
        Tables {
            templates: Memo::kept(),
            fonts: Memo::kept(),
        }
    }
}

/// The theme in force at `root`, and its key.
pub fn theme(db: &Db, root: &Path) -> Result<(Theme, ThemeKey), Diagnostics> {
    let files = ThemeFiles::read(root)?;
    let theme_key = ThemeKey(key("theme", |k| {
        for (name, text) in files.all() {
            k.add_str(name).add_str(text);
        }
    }));
    let kept = db.context.templates.snapshot().get(&theme_key).cloned();
    let parsed = match kept {
        Some(parsed) => parsed,
        None => files.parse()?,
    };
    let used = [(theme_key, parsed.clone())].into();
    db.context.templates.replace(used);
    Ok((Theme::new(parsed, files), theme_key))
}

/// The chart fonts of `site` ([`crate::render::chart_fonts`]): loading scans every
/// installed font, so they are kept, with the glyphs the threads have rasterised, while
/// the font file named (and its time) stays the same. Taken once per build, outside any
/// parallel work.
pub fn fonts(db: &Db, site: &Site) -> Result<Option<Arc<Fonts>>, Diagnostics> {
    let Some(file) = crate::render::font_file(site) else {
        return Ok(None);
    };
    let modified = file.and_then(|p| p.metadata().and_then(|m| m.modified()).ok());
    let fonts_key = (file.map(Path::to_path_buf), modified);
    let kept = db.context.fonts.snapshot().get(&fonts_key).cloned();
    let fonts = match kept {
        Some(fonts) => fonts,
        None => match crate::render::chart_fonts(site)? {
            Some(fonts) => fonts,
            None => return Ok(None),
        },
    };
    db.context
        .fonts
        .replace([(fonts_key, fonts.clone())].into());
    Ok(Some(fonts))
}

/// What one build's pages share.
pub struct Context {
    pub theme: Arc<Theme>,
    pub view: Arc<SiteView>,
    pub fonts: Option<Arc<Fonts>>,
    pub draw: Arc<dyn Draw>,
    /// The key of all the above: part of every page's key.
    pub key: SiteKey,
}

impl Context {
    /// The context of a build of `site` as of `today`, of the bulletins `published`.
    pub fn new(
        db: &Db,
        site: &Site,
        (theme, theme_key): (Theme, ThemeKey),
        today: jiff::civil::Date,
        published: impl Fn(&Bulletin) -> bool,
        draw: Arc<dyn Draw>,
    ) -> Result<Context, Diagnostics> {
        let fonts = fonts(db, site)?;
        let view = SiteView::new(site, today, published);
        let site_key = SiteKey(key("site", |k| {
            k.add_u128(theme_key.0)
                .add_json(&view)
                .add_str(&fonts.as_ref().map(|f| f.identity()).unwrap_or_default());
        }));
        Ok(Context {
            theme: Arc::new(theme),
            view: Arc::new(view),
            fonts,
            draw,
            key: site_key,
        })
    }

    /// What the renderers are given.
    pub fn shared(&self) -> Shared<'_> {
        Shared {
            theme: &self.theme,
            site: &self.view,
            fonts: self.fonts.as_ref(),
            draw: &self.draw,
        }
    }
}
