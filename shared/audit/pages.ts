/** Events per page of the history (and of an export's lines): a power of two, so a page is one subtree of the history's tree. */
export const PAGE_EVENTS = 1024;
