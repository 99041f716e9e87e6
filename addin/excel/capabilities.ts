/**
 * Which Excel features this host has. Data validation needs ExcelApi 1.8, notes 1.18 and reading
 * merged areas 1.13; without them the add-in still writes the sheet, the highlights and the
 * problem list — it only leaves out what the host cannot do.
 */
export interface Capabilities {
  dataValidation: boolean;
  notes: boolean;
  mergedAreas: boolean;
}

export const ALL_CAPABILITIES: Capabilities = {
  dataValidation: true,
  notes: true,
  mergedAreas: true,
};

/** Asks Office which requirement sets the host supports. */
export function detectCapabilities(): Capabilities {
  const supports = (version: string) =>
    typeof Office !== 'undefined' &&
    Office.context?.requirements?.isSetSupported('ExcelApi', version);
  return {
    dataValidation: !!supports('1.8'),
    notes: !!supports('1.18'),
    mergedAreas: !!supports('1.13'),
  };
}
