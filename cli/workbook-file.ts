/**
 * What a ledger file holds, told from its first bytes rather than its name (ledgers get renamed,
 * and a system's "Excel export" is often something else): an Office Open XML workbook (.xlsx), an
 * OpenDocument spreadsheet (.ods), the binary format of Excel 97–2003 and WPS (.xls, .et), an
 * encrypted Office file, or no workbook at all. Problems are `WorkbookError`s, whose messages name
 * the format and what the clerk can do; no library's own error text reaches them.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { defineMessages } from '../shared/i18n.ts';
import { UsageError } from './io.ts';

export type FileFormat = 'xlsx' | 'ods' | 'xls' | 'et' | 'encrypted' | 'empty' | 'other';

/** The formats read by converting them to .xlsx with LibreOffice first. */
export type LegacyFormat = 'ods' | 'xls' | 'et';

/** How a format is named in a message (the same words in both languages). */
export const FORMAT_NAMES: Record<LegacyFormat, string> = {
  xls: '.xls (Excel 97–2003)',
  et: '.et (WPS)',
  ods: '.ods (OpenDocument)',
};

defineMessages({
  FILE_UNREADABLE: {
    zh: '无法打开「{file}」：它不是普通文件，或没有读取权限',
    en: 'Cannot open "{file}": it is not a regular file, or it may not be read',
  },
  EMPTY_FILE: {
    zh: '「{file}」是空文件（0 字节），不是工作簿：请选择填好的 .xlsx 台账',
    en: '"{file}" is empty (0 bytes), not a workbook: choose a filled-in .xlsx ledger',
  },
  NOT_A_WORKBOOK: {
    zh: '「{file}」不是电子表格（是文本或其他文件，只是名字像表格）：请在 Excel 或 WPS 中打开原表，另存为 .xlsx',
    en: '"{file}" is not a spreadsheet (text or another file under a spreadsheet name): open the original in Excel or WPS and save it as .xlsx',
  },
  PASSWORD_PROTECTED: {
    zh: '「{file}」设有打开密码，无法读取：请在 Excel 或 WPS 中用密码打开，取消密码后另存为 .xlsx',
    en: '"{file}" is password-protected and cannot be read: open it in Excel or WPS with its password, remove the password and save it as .xlsx',
  },
  NEEDS_LIBREOFFICE: {
    zh: '「{file}」是 {format} 格式，本机未安装 LibreOffice，无法读取：请在 Excel 或 WPS 中打开，另存为 .xlsx；或安装 LibreOffice 后重试',
    en: '"{file}" is in {format} format and LibreOffice is not installed to read it: open it in Excel or WPS and save it as .xlsx, or install LibreOffice and try again',
  },
  LIBREOFFICE_FAILED: {
    zh: '「{file}」是 {format} 格式，但 LibreOffice 无法打开它（文件可能已损坏或设有密码）：请在 Excel 或 WPS 中打开，另存为 .xlsx',
    en: '"{file}" is in {format} format but LibreOffice cannot open it (it may be damaged or password-protected): open it in Excel or WPS and save it as .xlsx',
  },
  UNREADABLE_WORKBOOK: {
    zh: '「{file}」无法作为 .xlsx 工作簿读取（文件可能已损坏或不完整）：请在 Excel 或 WPS 中打开，另存为 .xlsx',
    en: '"{file}" cannot be read as an .xlsx workbook (it may be damaged or incomplete): open it in Excel or WPS and save it as .xlsx',
  },
  SHEET_NOT_FOUND: {
    zh: '「{file}」中没有名为「{sheet}」的工作表；有：{sheets}',
    en: '"{file}" has no sheet named "{sheet}"; it has: {sheets}',
  },
});

/** A file that cannot be read as a ledger workbook: a usage error worded for the clerk. */
export class WorkbookError extends UsageError {}

const ZIP = Buffer.from('PK\u0003\u0004', 'latin1');
const COMPOUND = Buffer.from('d0cf11e0a1b11ae1', 'hex');
const ODS_MIMETYPE = Buffer.from('application/vnd.oasis.opendocument.spreadsheet', 'latin1');
/** The stream an encrypted .xlsx keeps its key data in; stream names are UTF-16LE. */
const ENCRYPTION_INFO = Buffer.from('EncryptionInfo', 'utf16le');
/** A compound file's directory entries are 128 bytes each, in 512-byte-aligned sectors. */
const DIRECTORY_ENTRY = 128;
/**
 * The BOF record opening an Excel 97–2003 workbook's globals (type 0x0809, 16 bytes, BIFF8,
 * workbook); a FILEPASS record (0x002F) right after it means the workbook is encrypted ([MS-XLS]
 * 2.4.117). Streams start on 64-byte (mini) or 512-byte sector boundaries.
 */
const BIFF8_BOF = Buffer.from('0908100000060500', 'hex');
const FILEPASS = 0x002f;

/** Tells a file's format from its content; fails with `FILE_UNREADABLE` when it cannot be read. */
export async function sniffFormat(file: string): Promise<FileFormat> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new WorkbookError('FILE_UNREADABLE', { file: path.basename(file) });
  }
  return formatOf(bytes, path.extname(file).toLowerCase());
}

/** The format of a file's bytes; the extension only tells .et from .xls (the same binary format). */
function formatOf(bytes: Buffer, extension: string): FileFormat {
  if (bytes.length === 0) return 'empty';
  if (bytes.subarray(0, 4).equals(ZIP)) {
    // An OpenDocument file stores its mimetype first and uncompressed (ODF 1.2, part 3, §3.3).
    return bytes.subarray(0, 200).includes(ODS_MIMETYPE) ? 'ods' : 'xlsx';
  }
  if (bytes.subarray(0, 8).equals(COMPOUND)) {
    if (hasDirectoryEntry(bytes, ENCRYPTION_INFO) || isEncryptedBiff(bytes)) return 'encrypted';
    return extension === '.et' ? 'et' : 'xls';
  }
  return 'other';
}

/** True when an Excel 97–2003 workbook's globals begin with a FILEPASS record. */
function isEncryptedBiff(bytes: Buffer): boolean {
  for (let at = bytes.indexOf(BIFF8_BOF); at !== -1; at = bytes.indexOf(BIFF8_BOF, at + 1)) {
    if (at % 64 === 0 && at + 22 <= bytes.length) return bytes.readUInt16LE(at + 20) === FILEPASS;
  }
  return false;
}

/** True when a compound file has a stream of that name (its UTF-16LE bytes at an entry's start). */
function hasDirectoryEntry(bytes: Buffer, name: Buffer): boolean {
  for (let at = bytes.indexOf(name); at !== -1; at = bytes.indexOf(name, at + 1)) {
    if (at % DIRECTORY_ENTRY === 0) return true;
  }
  return false;
}
