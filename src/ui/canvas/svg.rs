//! The diagram as an SVG image, drawn from the same graph and layout as the canvas.

use std::fmt::Write as _;

use egui::Color32;

use crate::graph::{Graph, Layout, NodeKind};
use crate::ui::theme::Palette;

/// Margin around the diagram in the image.
const MARGIN: f32 = 20.0;

/// Renders the diagram as a standalone SVG document.
pub fn to_svg(graph: &Graph, layout: &Layout, palette: &Palette) -> String {
    let b = layout.bounds;
    let (w, h) = (b.width() + 2.0 * MARGIN, b.height() + 2.0 * MARGIN);
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="{:.1} {:.1} {w:.1} {h:.1}" font-family="sans-serif">"#,
        b.min.x - MARGIN,
        b.min.y - MARGIN
    );
    let _ = writeln!(
        out,
        r#"<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="{}"/></marker></defs>"#,
        hex(palette.edge)
    );
    let _ = writeln!(
        out,
        r#"<rect x="{:.1}" y="{:.1}" width="{w:.1}" height="{h:.1}" fill="{}"/>"#,
        b.min.x - MARGIN,
        b.min.y - MARGIN,
        hex(palette.canvas)
    );
    for (node, r) in graph.nodes.iter().zip(&layout.nodes) {
        if node.is_container() {
            let _ = writeln!(
                out,
                r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="8" fill="{}" stroke="{}"/>"#,
                r.min.x,
                r.min.y,
                r.width(),
                r.height(),
                hex(palette.container),
                hex(palette.container_stroke)
            );
            text(
                &mut out,
                r.min.x + 10.0,
                r.min.y + 18.0,
                "start",
                &node.label,
                palette.node_text,
                13.0,
            );
        }
    }
    for (edge, route) in graph.edges.iter().zip(&layout.edges) {
        let points: Vec<String> = route
            .points
            .iter()
            .map(|p| format!("{:.1},{:.1}", p.x, p.y))
            .collect();
        let (color, dash) = if edge.is_dashed() {
            (palette.catch_edge, r#" stroke-dasharray="6 4""#)
        } else {
            (palette.edge, "")
        };
        let _ = writeln!(
            out,
            r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="1.3"{dash} marker-end="url(#arrow)"/>"#,
            points.join(" "),
            hex(color)
        );
        if let (Some(l), Some(label)) = (route.label, &edge.label) {
            let _ = writeln!(
                out,
                r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="3" fill="{}" stroke="{}"/>"#,
                l.min.x,
                l.min.y,
                l.width(),
                l.height(),
                hex(palette.edge_label_bg),
                hex(color)
            );
            let c = l.center();
            text(
                &mut out,
                c.x,
                c.y + 4.0,
                "middle",
                label,
                palette.edge_label,
                11.0,
            );
        }
    }
    for (node, r) in graph.nodes.iter().zip(&layout.nodes) {
        if node.is_container() {
            continue;
        }
        let (fill, stroke, rx) = match node.kind {
            NodeKind::Start | NodeKind::End => (palette.canvas, palette.marker, r.height() / 2.0),
            NodeKind::Missing => (palette.canvas, palette.error, 6.0),
            NodeKind::State(ty) => (palette.state_fill(ty), palette.node_stroke, 6.0),
        };
        let _ = writeln!(
            out,
            r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="{rx:.1}" fill="{}" stroke="{}"/>"#,
            r.min.x,
            r.min.y,
            r.width(),
            r.height(),
            hex(fill),
            hex(stroke)
        );
        let c = r.center();
        text(
            &mut out,
            c.x,
            c.y + 4.5,
            "middle",
            &node.label,
            palette.node_text,
            13.0,
        );
    }
    out.push_str("</svg>\n");
    out
}

fn text(out: &mut String, x: f32, y: f32, anchor: &str, text: &str, color: Color32, size: f32) {
    let _ = writeln!(
        out,
        r#"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}" font-size="{size}" fill="{}">{}</text>"#,
        hex(color),
        escape(text)
    );
}

fn hex(c: Color32) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r(), c.g(), c.b())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
