import { render } from 'preact';
import { App } from './app.tsx';
import './styles.css';

const root = document.getElementById('app');
if (root) render(<App />, root);

// The app shell offline, in a built app only (the dev server serves sources, not a shell).
// The generated worker takes over at once on an update (skipWaiting, clientsClaim).
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
}
