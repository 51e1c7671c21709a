//! Pictures members upload (an avatar, the workspace's logo): the bytes are checked to be a
//! PNG, JPEG, GIF or WebP image of bounded size, decoded within limits, and made small on a
//! blocking thread, one per core at a time, so a burst of uploads cannot starve the server.
//! An avatar becomes a 256-pixel square JPEG (cropped to its centre); a logo fits in 512
//! pixels and stays a PNG (it may be transparent).

use crate::domain::team::{TeamProblem, AVATAR_SIDE, MAX_PICTURE_BYTES, MAX_PICTURE_PIXELS};
use image::{imageops::FilterType, DynamicImage, ImageFormat, ImageReader, Limits};
use std::io::Cursor;
use tokio::sync::Semaphore;

/// Pictures decoded at once (the rest wait their turn).
static TURNS: Semaphore = Semaphore::const_new(2);

/// The longest side of a logo.
pub const LOGO_SIDE: u32 = 512;

/// What a picture is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Avatar,
    Logo,
}

/// A picture ready to store: its type and bytes.
pub struct Made {
    pub mime_type: &'static str,
    pub bytes: Vec<u8>,
}

/// Makes `bytes` into the stored picture for `purpose`, or refuses it.
pub async fn make(bytes: Vec<u8>, purpose: Purpose) -> Result<Made, TeamProblem> {
    if bytes.len() as u64 > MAX_PICTURE_BYTES || bytes.is_empty() {
        return Err(TeamProblem::Picture);
    }
    let _turn = TURNS.acquire().await.map_err(|_| TeamProblem::Picture)?;
    tokio::task::spawn_blocking(move || make_now(&bytes, purpose))
        .await
        .map_err(|_| TeamProblem::Picture)?
}

fn make_now(bytes: &[u8], purpose: Purpose) -> Result<Made, TeamProblem> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| TeamProblem::Picture)?;
    if !matches!(
        reader.format(),
        Some(ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::WebP)
    ) {
        return Err(TeamProblem::Picture);
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(20_000);
    limits.max_image_height = Some(20_000);
    limits.max_alloc = Some(MAX_PICTURE_PIXELS * 4 + 1024 * 1024);
    reader.limits(limits);
    // The header's size is checked before a pixel is decoded.
    let decoder = reader.into_decoder().map_err(|_| TeamProblem::Picture)?;
    let (w, h) = image::ImageDecoder::dimensions(&decoder);
    if u64::from(w) * u64::from(h) > MAX_PICTURE_PIXELS || w == 0 || h == 0 {
        return Err(TeamProblem::Picture);
    }
    let img = DynamicImage::from_decoder(decoder).map_err(|_| TeamProblem::Picture)?;
    match purpose {
        Purpose::Avatar => avatar(&img),
        Purpose::Logo => logo(&img),
    }
}

fn avatar(img: &DynamicImage) -> Result<Made, TeamProblem> {
    let square = img.resize_to_fill(AVATAR_SIDE, AVATAR_SIDE, FilterType::Triangle);
    // Transparent parts on white, as the avatar's circle shows them.
    let rgba = square.to_rgba8();
    let mut rgb = image::RgbImage::new(rgba.width(), rgba.height());
    for (x, y, p) in rgba.enumerate_pixels() {
        let [r, g, b, a] = p.0;
        let on_white = |c: u8| {
            let c = u32::from(c) * u32::from(a) + 255 * (255 - u32::from(a));
            (c / 255) as u8
        };
        rgb.put_pixel(x, y, image::Rgb([on_white(r), on_white(g), on_white(b)]));
    }
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&rgb)
        .map_err(|_| TeamProblem::Picture)?;
    Ok(Made {
        mime_type: "image/jpeg",
        bytes: out,
    })
}

fn logo(img: &DynamicImage) -> Result<Made, TeamProblem> {
    let small = if img.width() > LOGO_SIDE || img.height() > LOGO_SIDE {
        img.resize(LOGO_SIDE, LOGO_SIDE, FilterType::Triangle)
    } else {
        img.clone()
    };
    let mut out = Cursor::new(Vec::new());
    DynamicImage::ImageRgba8(small.to_rgba8())
        .write_to(&mut out, ImageFormat::Png)
        .map_err(|_| TeamProblem::Picture)?;
    Ok(Made {
        mime_type: "image/png",
        bytes: out.into_inner(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbaImage::from_fn(w, h, |x, _| image::Rgba([(x % 256) as u8, 0, 0, 255]));
        let mut out = Cursor::new(Vec::new());
        DynamicImage::ImageRgba8(img)
            .write_to(&mut out, ImageFormat::Png)
            .unwrap();
        out.into_inner()
    }

    #[tokio::test]
    async fn an_avatar_becomes_a_small_square_jpeg() {
        let made = make(png(800, 300), Purpose::Avatar).await.unwrap();
        assert_eq!(made.mime_type, "image/jpeg");
        let back = image::load_from_memory(&made.bytes).unwrap();
        assert_eq!((back.width(), back.height()), (AVATAR_SIDE, AVATAR_SIDE));
    }

    #[tokio::test]
    async fn a_logo_keeps_its_shape_within_512() {
        let made = make(png(1024, 256), Purpose::Logo).await.unwrap();
        assert_eq!(made.mime_type, "image/png");
        let back = image::load_from_memory(&made.bytes).unwrap();
        assert_eq!((back.width(), back.height()), (512, 128));
        let small = make(png(40, 20), Purpose::Logo).await.unwrap();
        let back = image::load_from_memory(&small.bytes).unwrap();
        assert_eq!((back.width(), back.height()), (40, 20));
    }

    #[tokio::test]
    async fn what_is_not_a_picture_or_too_big_is_refused() {
        for bad in [
            b"hello, not a picture".to_vec(),
            Vec::new(),
            b"<svg xmlns='http://www.w3.org/2000/svg'/>".to_vec(),
            vec![0u8; (MAX_PICTURE_BYTES + 1) as usize],
        ] {
            assert_eq!(
                make(bad, Purpose::Avatar).await.err(),
                Some(TeamProblem::Picture)
            );
        }
        // A PNG that claims 30,000 × 30,000 pixels is refused before it is decoded.
        let mut huge = png(1, 1);
        huge[16..20].copy_from_slice(&30_000u32.to_be_bytes());
        huge[20..24].copy_from_slice(&30_000u32.to_be_bytes());
        assert_eq!(
            make(huge, Purpose::Avatar).await.err(),
            Some(TeamProblem::Picture)
        );
        // A cut-off picture is refused too.
        let cut = png(64, 64)[..60].to_vec();
        assert_eq!(
            make(cut, Purpose::Logo).await.err(),
            Some(TeamProblem::Picture)
        );
    }
}
