/**
 * A ledger sheet's columns in Excel: widths, hidden code columns, number formats below the body
 * and data validation with its prompt and error alert, as the plan's columns say.
 */
import { message } from '../../shared/i18n.ts';
import type { Capabilities } from './capabilities.ts';
import { blockAddress, columnAddress } from './cells.ts';
import type { LedgerSheetPlan, Validation } from './plan.ts';

/**
 * Widths and data validation of each column over the formatted rows, and the number formats of
 * the rows below the body (the body's own formats are written cell by cell with its values).
 */
export function formatColumns(
  sheet: Excel.Worksheet,
  plan: LedgerSheetPlan,
  caps: Capabilities,
  locale: 'zh' | 'en',
): void {
  const rows = plan.formattedRows;
  const blank = rows - plan.body.length;
  plan.columns.forEach((column, i) => {
    sheet.getRange(columnAddress(i + 1)).format.columnWidth = column.width;
    if (column.hidden) sheet.getRange(columnAddress(i + 1)).columnHidden = true;
    if (rows === 0) return;
    if (blank > 0) {
      const below = sheet.getRange(blockAddress(plan.body.length + 2, i + 1, blank, 1));
      below.numberFormat = Array.from({ length: blank }, () => [column.numberFormat]);
    }
    const range = sheet.getRange(blockAddress(2, i + 1, rows, 1));
    if (caps.dataValidation && column.validation) {
      range.dataValidation.rule = validationRule(column.validation);
      range.dataValidation.errorAlert = {
        showAlert: true,
        style: 'Stop',
        title: message('SHEET_INVALID_TITLE', {}, locale),
        message: column.hint.slice(0, 225),
      };
      range.dataValidation.prompt = {
        showPrompt: true,
        title: column.header.slice(0, 32),
        message: column.hint.slice(0, 255),
      };
    }
  });
}

/** Excel's data validation rule for a column's plan. */
export function validationRule(validation: Validation): Excel.DataValidationRule {
  switch (validation.type) {
    case 'list':
      // A named range on the hidden lists sheet: an inline list is capped at 255 characters.
      return { list: { inCellDropDown: true, source: `=${validation.name}` } };
    case 'date':
      return validation.to === null
        ? { date: { formula1: validation.from, formula2: '=TODAY()', operator: 'Between' } }
        : { date: { formula1: validation.from, formula2: validation.to, operator: 'Between' } };
    case 'wholeNumber':
      return {
        wholeNumber: { formula1: validation.min, formula2: validation.max, operator: 'Between' },
      };
    case 'decimal':
      return {
        decimal: { formula1: validation.min, formula2: validation.max, operator: 'Between' },
      };
    case 'textLength':
      return {
        textLength: { formula1: validation.min, formula2: validation.max, operator: 'Between' },
      };
  }
}
