//! Export > PNG: the diagram is captured tile by tile at zoom 1 from window screenshots and
//! stitched into one PNG.
//!
//! The headless harness has no GPU renderer (wgpu is behind the `snapshot` feature), so the
//! test answers each of the app's screenshot requests itself with a synthetic window image
//! whose pixels encode their position; the written PNG must decode to the diagram's size,
//! and each tile must have been cut from the canvas area. (The real rendering was checked
//! under Xvfb: see the README's Testing section.)

use egui::{Color32, ColorImage, Event, UserData, ViewportCommand, ViewportId};
use egui_kittest::Harness;
use statewright::ui::{Answer, Purpose, StatewrightApp};

use super::layout::{app_sized, SMALL};
use super::temp_dir;

/// A window-sized image whose red and green channels are x and y (mod 256).
fn position_coded_image(width: usize, height: usize) -> ColorImage {
    let mut pixels = Vec::with_capacity(width * height);
    for y in 0..height {
        for x in 0..width {
            pixels.push(Color32::from_rgb((x % 256) as u8, (y % 256) as u8, 7));
        }
    }
    ColorImage::new([width, height], pixels)
}

/// The screenshot the app asked for in the last frame, if any.
fn screenshot_request(h: &Harness<'static, StatewrightApp>) -> Option<UserData> {
    h.output()
        .viewport_output
        .get(&ViewportId::ROOT)?
        .commands
        .iter()
        .find_map(|c| match c {
            ViewportCommand::Screenshot(data) => Some(data.clone()),
            _ => None,
        })
}

#[test]
fn export_png_stitches_canvas_tiles_into_the_whole_diagram() {
    let mut h = app_sized(SMALL, "png");
    let out = temp_dir("png-out").join("diagram.png");
    let view_before = h.state().canvas.view_area();
    h.state_mut()
        .answer(Answer::PathChosen(Purpose::ExportPng, out.clone()));
    let size = h.ctx.content_rect().size();
    let window = std::sync::Arc::new(position_coded_image(size.x as usize, size.y as usize));
    let mut shots = 0;
    for _ in 0..500 {
        h.step();
        if let Some(user_data) = screenshot_request(&h) {
            shots += 1;
            h.input_mut().events.push(Event::Screenshot {
                viewport_id: ViewportId::ROOT,
                user_data,
                image: window.clone(),
            });
        }
        if out.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(
        out.exists(),
        "the PNG was written after {shots} screenshots"
    );
    assert!(shots > 1, "a 1100x720 window needs several tiles: {shots}");
    h.run_steps(2);
    assert_eq!(
        h.state().canvas.view_area(),
        view_before,
        "the view is restored"
    );

    let bounds = h.state().canvas.cached().expect("laid out").layout.bounds;
    let (w, h_px) = (
        (bounds.max.x - bounds.min.x + 60.0).ceil() as u32,
        (bounds.max.y - bounds.min.y + 60.0).ceil() as u32,
    );
    let file = std::fs::File::open(&out).expect("open png");
    let decoder = png::Decoder::new(std::io::BufReader::new(file));
    let mut reader = decoder.read_info().expect("a valid PNG header");
    let mut pixels = vec![0; reader.output_buffer_size().expect("buffer size")];
    let info = reader.next_frame(&mut pixels).expect("PNG pixels decode");
    assert_eq!(
        (info.width, info.height),
        (w, h_px),
        "the diagram at zoom 1 with its margin"
    );

    // Every tile starts with the canvas's top-left window pixel.
    let area = h.state().canvas.screen_area();
    let corner = [
        (area.min.x.round() as usize % 256) as u8,
        (area.min.y.round() as usize % 256) as u8,
        7,
    ];
    let tile_w = area.width().round() as usize;
    let at = |x: usize, y: usize| {
        let i = (y * info.width as usize + x) * 4;
        pixels.get(i..i + 3).map(<[u8]>::to_vec)
    };
    assert_eq!(
        at(0, 0),
        Some(corner.to_vec()),
        "first tile cut at the canvas"
    );
    assert_eq!(
        at(tile_w, 0),
        Some(corner.to_vec()),
        "second tile placed one canvas width to the right"
    );
}

#[test]
fn an_export_whose_screenshots_never_come_gives_up_and_says_so() {
    let mut h = app_sized(SMALL, "png-none");
    let out = temp_dir("png-none-out").join("diagram.png");
    let view_before = h.state().canvas.view_area();
    h.state_mut()
        .answer(Answer::PathChosen(Purpose::ExportPng, out.clone()));
    for _ in 0..200 {
        h.step();
    }
    assert!(
        h.state().status.contains("PNG export failed"),
        "{}",
        h.state().status
    );
    assert!(!out.exists());
    h.run_steps(2);
    assert_eq!(h.state().canvas.view_area(), view_before);
}
