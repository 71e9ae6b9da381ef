//! Export > PNG: the canvas is cropped out of a window screenshot and written as a PNG.
//!
//! The headless harness has no GPU renderer (wgpu is behind the `snapshot` feature), so the
//! test answers the app's screenshot request itself with a synthetic image whose pixels
//! encode their position; the written PNG must decode to exactly the canvas area.

use egui::{Color32, ColorImage, Event, UserData, ViewportCommand, ViewportId};
use egui_kittest::Harness;
use statewright::ui::{Answer, Purpose, StatewrightApp};

use super::{app_with, step_until, temp_dir};

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

fn requested_screenshot(h: &Harness<'static, StatewrightApp>) -> bool {
    h.output()
        .viewport_output
        .get(&ViewportId::ROOT)
        .is_some_and(|v| {
            v.commands
                .iter()
                .any(|c| matches!(c, ViewportCommand::Screenshot(_)))
        })
}

#[test]
fn export_png_writes_the_canvas_area_as_a_decodable_png() {
    let dir = temp_dir("png");
    let mut h = app_with(None, dir.join("recovery"));
    let out = dir.join("diagram.png");
    h.state_mut()
        .answer(Answer::PathChosen(Purpose::ExportPng, out.clone()));
    let mut asked = false;
    for _ in 0..10 {
        h.step();
        if requested_screenshot(&h) {
            asked = true;
            break;
        }
    }
    assert!(asked, "the export asks the window for a screenshot");

    let size = h.ctx.content_rect().size();
    let image = position_coded_image(size.x as usize, size.y as usize);
    h.input_mut().events.push(Event::Screenshot {
        viewport_id: ViewportId::ROOT,
        user_data: UserData::default(),
        image: std::sync::Arc::new(image),
    });
    step_until(&mut h, "the PNG to be written", |_| out.exists());

    let area = h.state().canvas.screen_area();
    let file = std::fs::File::open(&out).expect("open png");
    let decoder = png::Decoder::new(std::io::BufReader::new(file));
    let mut reader = decoder.read_info().expect("a valid PNG header");
    let mut pixels = vec![0; reader.output_buffer_size().expect("buffer size")];
    let info = reader.next_frame(&mut pixels).expect("PNG pixels decode");
    assert_eq!(
        (info.width, info.height),
        (area.width().round() as u32, area.height().round() as u32),
        "the PNG is the canvas area {area:?}"
    );
    assert!(area.width() > 300.0 && area.height() > 300.0, "{area:?}");
    // The first pixel is the canvas's top-left corner of the window, not the window's.
    let (x, y) = (area.min.x.round() as usize, area.min.y.round() as usize);
    assert_eq!(
        &pixels[..3],
        &[(x % 256) as u8, (y % 256) as u8, 7],
        "cropped at the canvas"
    );
}
