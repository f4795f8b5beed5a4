//! Charts drawn at build time with plotters, as SVG strings. (Filled in by the charts work.)
