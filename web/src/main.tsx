import { render } from 'preact';
import { App } from './app.tsx';
import './styles.css';

const root = document.getElementById('app');
if (root) render(<App />, root);

// The app shell offline, in a built app only (the dev server serves sources, not a shell).
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  import('workbox-window')
    .then(({ Workbox }) => new Workbox('/sw.js', { scope: '/' }).register())
    .catch(() => undefined);
}
