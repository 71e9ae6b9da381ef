//! Diagram PNG export at full size: the canvas shows the diagram tile by tile at a readable
//! zoom, each tile is captured from a window screenshot, and the tiles are stitched into
//! one image (a fitted screenshot of a large workflow has unreadable text).

use std::path::PathBuf;
use std::sync::Arc;

use super::app::StatewrightApp;

/// Zoom the diagram is exported at (1 = the layout's own units, as the SVG export).
const EXPORT_ZOOM: f32 = 1.0;

/// The largest PNG side in pixels; bigger diagrams are exported at a smaller zoom.
const MAX_SIDE_PX: f32 = 8192.0;

/// The smallest export zoom: below it the canvas leaves text out.
const MIN_ZOOM: f32 = 0.4;

/// Frames to let the canvas settle on a tile before capturing it.
const SETTLE_FRAMES: u8 = 2;

/// Frames to wait for one screenshot before giving up (a window that cannot take them).
const MAX_AWAIT_FRAMES: u16 = 120;

/// Margin around the diagram, in diagram units.
const MARGIN: f32 = 30.0;

/// One export in progress.
pub struct PngExport {
    path: PathBuf,
    /// The diagram area to export, in diagram units.
    area: egui::Rect,
    /// Diagram units per screen point.
    zoom: f32,
    /// The canvas area (points) each tile fills, fixed on the first tile.
    canvas: Option<egui::Rect>,
    /// The stitched image.
    image: Option<egui::ColorImage>,
    /// Tiles as (column, row), in capture order; `next` is the one being captured.
    tiles: Vec<(usize, usize)>,
    next: usize,
    phase: Phase,
    /// The view to restore afterwards.
    restore: egui::Rect,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Showing the tile; capture after this many frames.
    Settle(u8),
    /// A screenshot was asked for; waiting for it (frames waited so far).
    Awaiting(u16),
}

/// The tag of a screenshot request: which export tile it is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TileShot(usize);

impl PngExport {
    /// Plans the export of a diagram whose layout spans `bounds`.
    pub fn new(path: PathBuf, bounds: egui::Rect, restore: egui::Rect) -> Self {
        let area = bounds.expand(MARGIN);
        let longest = area.width().max(area.height()).max(1.0);
        let zoom = EXPORT_ZOOM.min(MAX_SIDE_PX / longest).max(MIN_ZOOM);
        PngExport {
            path,
            area,
            zoom,
            canvas: None,
            image: None,
            tiles: Vec::new(),
            next: 0,
            phase: Phase::Settle(SETTLE_FRAMES),
            restore,
        }
    }

    /// The diagram area (diagram units) tile `(col, row)` shows in a canvas of `canvas`.
    fn tile_area(&self, canvas: egui::Rect, (col, row): (usize, usize)) -> egui::Rect {
        let size = canvas.size() / self.zoom;
        let min = self.area.min + egui::vec2(col as f32 * size.x, row as f32 * size.y);
        egui::Rect::from_min_size(min, size)
    }

    /// Copies a captured tile into the stitched image.
    fn paste(&mut self, shot: &egui::ColorImage, canvas: egui::Rect, ppp: f32) {
        let Some(&(col, row)) = self.tiles.get(self.next) else {
            return;
        };
        let Some(image) = &mut self.image else {
            return;
        };
        // Copied pixel by pixel with bounds checks (egui's `region` panics on a rect that
        // is not inside the screenshot).
        let [tile_w, tile_h] = tile_px(canvas, ppp);
        let (src_x0, src_y0) = (
            (canvas.min.x * ppp).round().max(0.0) as usize,
            (canvas.min.y * ppp).round().max(0.0) as usize,
        );
        let (x0, y0) = (col * tile_w, row * tile_h);
        let [out_w, out_h] = image.size;
        let [shot_w, shot_h] = shot.size;
        for y in 0..tile_h {
            let (out_y, src_y) = (y0 + y, src_y0 + y);
            if out_y >= out_h || src_y >= shot_h {
                break;
            }
            for x in 0..tile_w {
                let (out_x, src_x) = (x0 + x, src_x0 + x);
                if out_x >= out_w || src_x >= shot_w {
                    break;
                }
                if let (Some(dst), Some(src)) = (
                    image.pixels.get_mut(out_y * out_w + out_x),
                    shot.pixels.get(src_y * shot_w + src_x),
                ) {
                    *dst = *src;
                }
            }
        }
    }
}

/// A tile's size in physical pixels.
fn tile_px(canvas: egui::Rect, ppp: f32) -> [usize; 2] {
    let size = canvas.size() * ppp;
    [
        size.x.round().max(1.0) as usize,
        size.y.round().max(1.0) as usize,
    ]
}

impl StatewrightApp {
    /// Starts a PNG export of the diagram to `path`.
    pub(super) fn start_png_export(&mut self, path: PathBuf) {
        let Some(bounds) = self.canvas.cached().map(|c| c.layout.bounds) else {
            self.status = "Nothing to export".into();
            return;
        };
        let bounds = egui::Rect::from_min_max(
            egui::pos2(bounds.min.x, bounds.min.y),
            egui::pos2(bounds.max.x, bounds.max.y),
        );
        let restore = self.canvas.view_area();
        self.canvas.set_exporting(true);
        self.png_export = Some(PngExport::new(path, bounds, restore));
    }

    /// Drives the export one frame: place the next tile, ask for its screenshot, stitch it
    /// in; write the PNG after the last tile.
    pub(super) fn png_export_frame(&mut self, ctx: &egui::Context) {
        let Some(mut export) = self.png_export.take() else {
            return;
        };
        ctx.request_repaint();
        let ppp = ctx.pixels_per_point();
        let canvas = match export.canvas {
            Some(c) => c,
            None => {
                let c = self.canvas.screen_area();
                if !c.is_positive() {
                    self.png_export = Some(export);
                    return;
                }
                let size = export.area.size() * export.zoom;
                let cols = (size.x / c.width()).ceil().max(1.0) as usize;
                let rows = (size.y / c.height()).ceil().max(1.0) as usize;
                export.tiles = (0..rows)
                    .flat_map(|r| (0..cols).map(move |col| (col, r)))
                    .collect();
                let px = size * ppp;
                let (w, h) = (px.x.ceil() as usize, px.y.ceil() as usize);
                export.image = Some(egui::ColorImage::filled([w, h], egui::Color32::TRANSPARENT));
                export.canvas = Some(c);
                c
            }
        };
        let Some(&tile) = export.tiles.get(export.next) else {
            self.finish_png_export(export);
            return;
        };
        match export.phase {
            Phase::Settle(frames) => {
                self.canvas.show_area(export.tile_area(canvas, tile));
                export.phase = if frames == 0 {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Screenshot(egui::UserData::new(
                        TileShot(export.next),
                    )));
                    Phase::Awaiting(0)
                } else {
                    Phase::Settle(frames - 1)
                };
            }
            Phase::Awaiting(waited) => {
                let wanted = TileShot(export.next);
                let shot = ctx.input(|i| {
                    i.raw.events.iter().find_map(|e| match e {
                        egui::Event::Screenshot {
                            image, user_data, ..
                        } if user_data
                            .data
                            .as_ref()
                            .and_then(|d| d.downcast_ref::<TileShot>())
                            .is_none_or(|t| *t == wanted) =>
                        {
                            Some(image.clone())
                        }
                        _ => None,
                    })
                });
                if let Some(shot) = shot {
                    export.paste(&shot, canvas, ppp);
                    export.next += 1;
                    export.phase = Phase::Settle(SETTLE_FRAMES);
                } else if waited >= MAX_AWAIT_FRAMES {
                    self.canvas.set_exporting(false);
                    self.canvas.show_area(export.restore);
                    self.status = "PNG export failed: the window took no screenshot".into();
                    return;
                } else {
                    export.phase = Phase::Awaiting(waited + 1);
                }
            }
        }
        self.png_export = Some(export);
    }

    fn finish_png_export(&mut self, export: PngExport) {
        self.canvas.set_exporting(false);
        self.canvas.show_area(export.restore);
        match export.image {
            Some(image) => self.io.write_png(export.path, Arc::new(image)),
            None => self.status = "Nothing to export".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiles_cover_the_diagram_at_the_export_zoom() {
        let bounds = egui::Rect::from_min_size(egui::pos2(0.0, 0.0), egui::vec2(1000.0, 400.0));
        let export = PngExport::new(PathBuf::from("x.png"), bounds, egui::Rect::ZERO);
        assert_eq!(export.zoom, 1.0);
        let canvas = egui::Rect::from_min_size(egui::pos2(150.0, 50.0), egui::vec2(500.0, 300.0));
        let first = export.tile_area(canvas, (0, 0));
        assert_eq!(first.min, egui::pos2(-MARGIN, -MARGIN));
        assert_eq!(first.size(), egui::vec2(500.0, 300.0));
        let next = export.tile_area(canvas, (1, 1));
        assert_eq!(next.min, egui::pos2(500.0 - MARGIN, 300.0 - MARGIN));
    }

    #[test]
    fn a_huge_diagram_is_exported_smaller_but_still_readable() {
        let bounds = egui::Rect::from_min_size(egui::pos2(0.0, 0.0), egui::vec2(40_000.0, 500.0));
        let export = PngExport::new(PathBuf::from("x.png"), bounds, egui::Rect::ZERO);
        assert!(
            export.zoom < 1.0 && export.zoom >= MIN_ZOOM,
            "{}",
            export.zoom
        );
    }

    #[test]
    fn a_canvas_outside_the_screenshot_is_clipped_not_a_panic() {
        let bounds = egui::Rect::from_min_size(egui::pos2(0.0, 0.0), egui::vec2(10.0, 10.0));
        let mut export = PngExport::new(PathBuf::from("x.png"), bounds, egui::Rect::ZERO);
        export.image = Some(egui::ColorImage::filled([8, 8], egui::Color32::TRANSPARENT));
        export.tiles = vec![(0, 0)];
        let shot = egui::ColorImage::filled([4, 4], egui::Color32::RED);
        let canvas = egui::Rect::from_min_size(egui::pos2(2.0, 2.0), egui::vec2(8.0, 8.0));
        export.paste(&shot, canvas, 1.0);
        let image = export.image.expect("image");
        let red = image
            .pixels
            .iter()
            .filter(|p| **p == egui::Color32::RED)
            .count();
        assert_eq!(red, 4, "only the 2x2 part inside the screenshot");
    }

    #[test]
    fn a_tile_is_pasted_at_its_place_and_clipped_to_the_image() {
        let bounds = egui::Rect::from_min_size(egui::pos2(0.0, 0.0), egui::vec2(10.0, 10.0));
        let mut export = PngExport::new(PathBuf::from("x.png"), bounds, egui::Rect::ZERO);
        export.image = Some(egui::ColorImage::filled([6, 3], egui::Color32::TRANSPARENT));
        export.tiles = vec![(0, 0), (1, 0)];
        export.next = 1;
        let shot = egui::ColorImage::filled([10, 10], egui::Color32::RED);
        let canvas = egui::Rect::from_min_size(egui::pos2(1.0, 1.0), egui::vec2(4.0, 2.0));
        export.paste(&shot, canvas, 1.0);
        let image = export.image.expect("image");
        let red: Vec<usize> = (0..18)
            .filter(|i| image.pixels[*i] == egui::Color32::RED)
            .collect();
        // Tile 1 starts at x = 4 and is clipped at the image's width of 6.
        assert_eq!(red, vec![4, 5, 10, 11]);
    }
}
