// Colour functions for the human views; with colour off every function returns its input unchanged.
import pc from 'picocolors';

export type Palette = ReturnType<typeof pc.createColors>;

export function palette(color: boolean): Palette {
  return pc.createColors(color);
}
