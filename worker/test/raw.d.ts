/** Vite's `?raw` imports: a file's text, bundled into the test worker. */
declare module '*?raw' {
  const text: string;
  export default text;
}
