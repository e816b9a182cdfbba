/**
 * A figure's SVG rasterised to PNG without touching the page: the SVG text is decoded as an
 * image and drawn on a canvas that is never attached, so nothing has to be on screen.
 */

/** PNG pixels per CSS pixel of the figure: sharp enough to print at a column's width. */
export const PNG_SCALE = 2;

export async function svgToPng(svg: string, width: number, height: number): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image(width, height);
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * PNG_SCALE);
    canvas.height = Math.ceil(height * PNG_SCALE);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('PNG export: this browser gives no 2D canvas');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/png'));
    if (!blob) throw new Error('PNG export: the canvas produced no image');
    return blob;
  } finally {
    URL.revokeObjectURL(url);
  }
}
