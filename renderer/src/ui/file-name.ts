/** Text made safe for a suggested file name: letters, digits, dots and dashes, at most 60 of them. */
export function fileNamePart(text: string): string {
  return text.replace(/[^\w.-]+/g, '-').slice(0, 60);
}
