//! Every colour and spacing constant of the app, for the dark and the light theme.

use egui::Color32;
use serde::{Deserialize, Serialize};

use crate::asl::StateType;

/// Which theme the user picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Dark background (the default).
    #[default]
    Dark,
    /// Light background.
    Light,
}

impl ThemeChoice {
    /// The other theme.
    pub fn toggled(self) -> Self {
        match self {
            ThemeChoice::Dark => ThemeChoice::Light,
            ThemeChoice::Light => ThemeChoice::Dark,
        }
    }

    /// Applies this theme to the egui context.
    pub fn apply(self, ctx: &egui::Context) {
        ctx.set_theme(match self {
            ThemeChoice::Dark => egui::ThemePreference::Dark,
            ThemeChoice::Light => egui::ThemePreference::Light,
        });
    }

    /// The colours of this theme.
    pub fn palette(self) -> Palette {
        match self {
            ThemeChoice::Dark => Palette::DARK,
            ThemeChoice::Light => Palette::LIGHT,
        }
    }
}

/// The colours the app paints with, beyond egui's own visuals.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    /// Canvas background.
    pub canvas: Color32,
    /// Canvas grid dots.
    pub grid: Color32,
    /// Text on state boxes.
    pub node_text: Color32,
    /// Secondary text on state boxes (the type name).
    pub node_subtext: Color32,
    /// State box outline.
    pub node_stroke: Color32,
    /// Outline of selected states.
    pub selection: Color32,
    /// Edges (transitions).
    pub edge: Color32,
    /// Catch edges (dashed).
    pub catch_edge: Color32,
    /// Edge label text.
    pub edge_label: Color32,
    /// Edge label background.
    pub edge_label_bg: Color32,
    /// Parallel/Map container fill.
    pub container: Color32,
    /// Parallel/Map container outline.
    pub container_stroke: Color32,
    /// Start and End markers.
    pub marker: Color32,
    /// Errors (diagnostics, badges).
    pub error: Color32,
    /// Warnings.
    pub warning: Color32,
    /// Background of code lines with an error.
    pub error_line: Color32,
    /// Minimap background.
    pub minimap: Color32,
}

impl Palette {
    /// Dark theme colours.
    pub const DARK: Palette = Palette {
        canvas: Color32::from_rgb(24, 27, 33),
        grid: Color32::from_rgb(44, 48, 56),
        node_text: Color32::from_rgb(235, 238, 242),
        node_subtext: Color32::from_rgb(180, 188, 200),
        node_stroke: Color32::from_rgb(90, 98, 112),
        selection: Color32::from_rgb(80, 170, 255),
        edge: Color32::from_rgb(150, 158, 170),
        catch_edge: Color32::from_rgb(220, 120, 100),
        edge_label: Color32::from_rgb(220, 224, 230),
        edge_label_bg: Color32::from_rgb(36, 40, 48),
        container: Color32::from_rgba_premultiplied(40, 46, 58, 200),
        container_stroke: Color32::from_rgb(96, 106, 124),
        marker: Color32::from_rgb(160, 168, 180),
        error: Color32::from_rgb(235, 90, 90),
        warning: Color32::from_rgb(230, 175, 60),
        error_line: Color32::from_rgb(80, 30, 34),
        minimap: Color32::from_rgba_premultiplied(16, 18, 22, 220),
    };

    /// Light theme colours.
    pub const LIGHT: Palette = Palette {
        canvas: Color32::from_rgb(246, 247, 249),
        grid: Color32::from_rgb(218, 222, 228),
        node_text: Color32::from_rgb(20, 24, 30),
        node_subtext: Color32::from_rgb(70, 78, 90),
        node_stroke: Color32::from_rgb(150, 158, 170),
        selection: Color32::from_rgb(0, 110, 230),
        edge: Color32::from_rgb(100, 108, 120),
        catch_edge: Color32::from_rgb(200, 80, 60),
        edge_label: Color32::from_rgb(30, 34, 40),
        edge_label_bg: Color32::from_rgb(255, 255, 255),
        container: Color32::from_rgba_premultiplied(230, 234, 240, 220),
        container_stroke: Color32::from_rgb(160, 170, 185),
        marker: Color32::from_rgb(90, 98, 110),
        error: Color32::from_rgb(200, 40, 40),
        warning: Color32::from_rgb(190, 130, 0),
        error_line: Color32::from_rgb(255, 220, 220),
        minimap: Color32::from_rgba_premultiplied(255, 255, 255, 230),
    };

    /// Fill colour of a state box by type, as the console colours them.
    pub fn state_fill(&self, ty: Option<StateType>) -> Color32 {
        let dark = self.canvas.r() < 128;
        let (d, l) = match ty {
            Some(StateType::Task) => ((38, 84, 140), (214, 232, 252)),
            Some(StateType::Pass) => ((70, 78, 92), (232, 234, 238)),
            Some(StateType::Choice) => ((140, 100, 30), (252, 238, 206)),
            Some(StateType::Wait) => ((96, 70, 140), (234, 224, 250)),
            Some(StateType::Succeed) => ((40, 120, 70), (214, 242, 222)),
            Some(StateType::Fail) => ((140, 50, 50), (250, 218, 218)),
            Some(StateType::Parallel) => ((30, 110, 120), (210, 240, 242)),
            Some(StateType::Map) => ((110, 60, 110), (244, 222, 244)),
            None => ((90, 40, 40), (240, 200, 200)),
        };
        let (r, g, b) = if dark { d } else { l };
        Color32::from_rgb(r, g, b)
    }
}

/// Spacing of panels and widgets.
pub mod spacing {
    /// Default width of the left (palette) panel.
    pub const PALETTE_WIDTH: f32 = 150.0;
    /// Default width of the right (inspector and code) panel.
    pub const SIDE_WIDTH: f32 = 420.0;
    /// Default height of the diagnostics panel.
    pub const DIAGNOSTICS_HEIGHT: f32 = 130.0;
    /// Width of the command palette window.
    pub const COMMAND_PALETTE_WIDTH: f32 = 420.0;
    /// Size of the code view's font.
    pub const CODE_FONT_SIZE: f32 = 12.5;
    /// Default height of the debugger (run panel and step details).
    pub const DEBUGGER_HEIGHT: f32 = 240.0;
}

/// Colours of the debugger: run statuses on the diagram, breakpoints and size meters.
#[derive(Debug, Clone, Copy)]
pub struct RunPalette {
    /// The running (or paused) state's outline.
    pub running: Color32,
    /// Finished states.
    pub succeeded: Color32,
    /// Failed states.
    pub failed: Color32,
    /// Failed states whose error a Catch handled.
    pub caught: Color32,
    /// Veil over states that have not run.
    pub not_run: Color32,
    /// Breakpoint dots.
    pub breakpoint: Color32,
    /// Size meter under half the limit.
    pub meter_ok: Color32,
    /// Size meter over half the limit.
    pub meter_warn: Color32,
    /// Size meter over 90% of the limit.
    pub meter_danger: Color32,
}

impl RunPalette {
    /// A size meter's colour: green, amber over half of `limit`, red over 90%.
    pub fn meter(&self, size: usize, limit: usize) -> Color32 {
        let fraction = size as f64 / limit.max(1) as f64;
        if fraction > 0.9 {
            self.meter_danger
        } else if fraction > 0.5 {
            self.meter_warn
        } else {
            self.meter_ok
        }
    }
}

impl Palette {
    /// The debugger's colours for this theme.
    pub fn run(&self) -> RunPalette {
        let dark = self.canvas.r() < 128;
        RunPalette {
            running: self.selection,
            succeeded: if dark {
                Color32::from_rgb(70, 200, 110)
            } else {
                Color32::from_rgb(20, 140, 60)
            },
            failed: self.error,
            caught: Color32::from_rgb(240, 140, 40),
            not_run: if dark {
                Color32::from_rgba_premultiplied(20, 22, 26, 150)
            } else {
                Color32::from_rgba_premultiplied(200, 200, 200, 150)
            },
            breakpoint: Color32::from_rgb(220, 40, 40),
            meter_ok: if dark {
                Color32::from_rgb(70, 200, 110)
            } else {
                Color32::from_rgb(20, 140, 60)
            },
            meter_warn: self.warning,
            meter_danger: self.error,
        }
    }
}
