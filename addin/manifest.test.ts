/**
 * The manifest checked offline: `office-addin-manifest validate` posts XML manifests to an online
 * service, so `npm test` reads the file with office-addin-manifest's own reader and asserts what
 * Excel requires to sideload it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { OfficeAddinManifest } from 'office-addin-manifest';
import { ManifestHandlerXml } from 'office-addin-manifest/lib/manifestHandler/manifestHandlerXml.js';
import { getXmlElement, getXmlElements } from 'office-addin-manifest/lib/xml.js';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const manifestPath = path.join(root, 'manifest.xml');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEV_HOST = 'https://localhost:3000/';

type Xml = Record<string, unknown> & { $?: Record<string, string> };

/** Every element below `xml` (depth first), with its tag name. */
function* walk(xml: unknown, name = ''): Generator<{ name: string; node: Xml }> {
  if (Array.isArray(xml)) {
    for (const item of xml) yield* walk(item, name);
    return;
  }
  if (xml === null || typeof xml !== 'object') return;
  yield { name, node: xml as Xml };
  for (const [key, value] of Object.entries(xml)) if (key !== '$') yield* walk(value, key);
}

/** The file a dev-server URL serves: assets from `assets/`, pages from `addin/`. */
function servedFile(url: string): string {
  const pathname = new URL(url).pathname.slice(1);
  return pathname.startsWith('assets/')
    ? path.join(root, pathname)
    : path.join(root, 'addin', pathname);
}

describe('manifest.xml', async () => {
  const info = await OfficeAddinManifest.readManifestFile(manifestPath);
  const xml = (await new ManifestHandlerXml(manifestPath).parseXmlAsync()).OfficeApp;
  const overrides = getXmlElement(xml, 'VersionOverrides');
  const resources = getXmlElement(overrides, 'Resources');
  const urlsById = new Map<string, string>();
  for (const { name, node } of walk(resources)) {
    if ((name === 'bt:Url' || name === 'bt:Image') && node.$?.id) {
      urlsById.set(node.$.id, node.$.DefaultValue ?? '');
    }
  }

  it('is a task pane add-in for Excel workbooks with a GUID id and a version', () => {
    expect(info.officeAppType).toBe('TaskPaneApp');
    expect(info.id).toMatch(GUID);
    expect(info.version).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(info.hosts).toEqual(['Workbook']);
    expect(info.permissions).toBe('ReadWriteDocument');
  });

  it('speaks Chinese by default and English on request', () => {
    expect(info.defaultLocale).toBe('zh-CN');
    expect(info.displayName).toBe('民情台账');
    const overridesOfName = getXmlElements(getXmlElement(xml, 'DisplayName'), 'Override');
    expect(overridesOfName.map((o: Xml) => o.$?.Locale)).toContain('en-US');
  });

  it('loads the task pane over https from the dev server', () => {
    expect(info.defaultSettings?.sourceLocation).toBe(`${DEV_HOST}taskpane.html`);
    for (const url of [info.iconUrl, info.highResolutionIconUrl, info.supportUrl]) {
      expect(url).toMatch(/^https:\/\//);
    }
  });

  it('puts a 民情台账 group with its commands on the Home tab', () => {
    const groups = [...walk(overrides)].filter(({ name }) => name === 'Group');
    expect(groups).toHaveLength(1);
    const group = groups[0]!.node;
    const label = getXmlElement(group, 'Label').$.resid;
    const shortStrings = [...walk(getXmlElement(resources, 'bt:ShortStrings'))];
    const text = (id: string) =>
      shortStrings.find(({ name, node }) => name === 'bt:String' && node.$?.id === id)?.node.$
        ?.DefaultValue;
    expect(text(label)).toBe('民情台账');
    const controls = getXmlElements(group, 'Control') as Xml[];
    expect(controls.map((c) => text(getXmlElement(c, 'Label').$.resid))).toEqual([
      '转换',
      '提交',
      '审核',
      '汇总',
      '公示',
    ]);
    for (const control of controls) {
      const action = getXmlElement(control, 'Action');
      expect(action.$['xsi:type']).toBe('ShowTaskpane');
      expect(urlsById.get(getXmlElement(action, 'SourceLocation').$.resid)).toMatch(
        /taskpane\.html\?panel=\w+$/,
      );
    }
  });

  it('declares 16, 32 and 80 pixel ribbon icons', () => {
    const sizes = (
      getXmlElements(
        getXmlElement(overrides.Hosts[0].Host[0], 'DesktopFormFactor').ExtensionPoint[0]
          .OfficeTab[0].Group[0].Icon[0],
        'bt:Image',
      ) as Xml[]
    ).map((i) => i.$?.size);
    expect(sizes).toEqual(['16', '32', '80']);
  });

  it('refers only to files the add-in ships', () => {
    const urls = [
      info.iconUrl!,
      info.highResolutionIconUrl!,
      info.supportUrl!,
      ...urlsById.values(),
    ];
    expect(urls.length).toBeGreaterThan(8);
    for (const url of urls) {
      expect(url.startsWith(DEV_HOST), url).toBe(true);
      expect(existsSync(servedFile(url)), url).toBe(true);
    }
  });

  it('defines every resource id it uses', () => {
    const defined = new Set(
      [...walk(resources)].map(({ node }) => node.$?.id).filter((id) => id !== undefined),
    );
    const used = [...walk(getXmlElement(overrides, 'Hosts'))]
      .map(({ node }) => node.$?.resid)
      .filter((id) => id !== undefined);
    expect(used.length).toBeGreaterThan(10);
    for (const id of used) expect(defined.has(id), id).toBe(true);
  });
});
