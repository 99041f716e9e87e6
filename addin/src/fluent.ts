/**
 * Fluent UI web components, bundled (never from a CDN: the pane must work offline and the
 * Office Store reviews what it loads), and the theme: Fluent's web theme, light or dark as the
 * Office host is, with the host's own background and text colours where Office gives them.
 */
import { webDarkTheme, webLightTheme } from '@fluentui/tokens';
import { setTheme } from '@fluentui/web-components/theme/set-theme.js';
// Each import defines its element (<fluent-button>…); only these are bundled.
import '@fluentui/web-components/button.js';
import '@fluentui/web-components/message-bar.js';
import '@fluentui/web-components/progress-bar.js';
import '@fluentui/web-components/tab.js';
import '@fluentui/web-components/tablist.js';
import '@fluentui/web-components/text-input.js';

/** Office's theme colours, as `Office.context.officeTheme` gives them (absent outside Office). */
export interface OfficeColours {
  bodyBackgroundColor: string;
  bodyForegroundColor: string;
  controlBackgroundColor: string;
  controlForegroundColor: string;
}

/** Relative luminance of `#rrggbb` (0 black … 1 white), to tell a dark Office theme. */
function luminance(hex: string): number {
  const match = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!match) return 1;
  const value = Number.parseInt(match[1]!, 16);
  const channel = (shift: number) => {
    const c = ((value >> shift) & 0xff) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0);
}

export function applyTheme(office: OfficeColours | null): void {
  if (!office) {
    setTheme(webLightTheme);
    return;
  }
  const dark = luminance(office.bodyBackgroundColor) < 0.2;
  setTheme({
    ...(dark ? webDarkTheme : webLightTheme),
    colorNeutralBackground1: office.bodyBackgroundColor,
    colorNeutralForeground1: office.bodyForegroundColor,
    colorNeutralBackground3: office.controlBackgroundColor,
    colorNeutralForeground3: office.controlForegroundColor,
  });
}

applyTheme(null);
