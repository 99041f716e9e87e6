/**
 * What office-addin-mock reads from office-addin-manifest (a Node package): the host names. The
 * pane test's browser bundle uses this instead of bundling the manifest tools.
 */
export const OfficeApp = {
  Excel: 'excel',
  OneNote: 'onenote',
  Outlook: 'outlook',
  PowerPoint: 'powerpoint',
  Project: 'project',
  Word: 'word',
};
