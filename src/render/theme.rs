//! The theme: templates and static files, compiled-in default first, then a named theme
//! folder, then the site's own `templates/` and `static/`, each overriding by file name.

use std::borrow::Cow;
use std::path::Path;

use crate::Failure;

pub struct Theme {
    pub templates: Vec<(String, String)>,
    statics: Vec<(String, Cow<'static, [u8]>)>,
}

impl Theme {
    pub fn load(root: &Path, name: &str) -> Result<Theme, Failure> {
        let _ = (root, name);
        Ok(Theme { templates: Vec::new(), statics: Vec::new() })
    }

    pub fn static_files(&self) -> impl Iterator<Item = (&str, Cow<'_, [u8]>)> {
        self.statics.iter().map(|(path, bytes)| (path.as_str(), Cow::Borrowed(bytes.as_ref())))
    }
}
