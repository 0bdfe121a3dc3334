// The plist package as the release checks use it (it ships JavaScript without types).
declare module 'plist' {
  const plist: {
    /** Reads an XML property list. */
    parse(xml: string): unknown;
    /** Writes an XML property list. */
    build(value: unknown): string;
  };
  export default plist;
}
