//! Static files, compiled into the binary: the stylesheet, the dashboard's script and the
//! vendored ECharts (`scripts/vendor-echarts.sh`; Apache-2.0, its LICENSE beside it).

/// ECharts, when vendored.
pub const ECHARTS: Option<&[u8]> = Some(include_bytes!("../static/echarts/echarts.min.js"));

const CSS: &str = include_str!("../static/app.css");
const DASHBOARD_JS: &str = include_str!("../static/dashboard.js");

/// A static file by name: (content type, bytes). Names are matched exactly: nothing from the
/// request reaches the file system.
pub fn get(name: &str) -> Option<(&'static str, &'static [u8])> {
    match name {
        "app.css" => Some(("text/css; charset=utf-8", CSS.as_bytes())),
        "dashboard.js" => Some(("text/javascript; charset=utf-8", DASHBOARD_JS.as_bytes())),
        "echarts.min.js" => ECHARTS.map(|b| ("text/javascript; charset=utf-8", b)),
        _ => None,
    }
}
