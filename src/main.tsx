import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useSim } from './store/simStore';
import { scenarioFromQuery } from './store/urlScenario';
import { App } from './ui/App';
import './ui/styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
// A first visit with no scenario in the URL should show a neighbourhood trading, not SPEC's
// one-household default: open the thesis's loyalty experiment (20 households, 30 days).
const fromUrl = scenarioFromQuery(window.location.search);
void useSim.getState().boot(Object.keys(fromUrl).length > 0 ? fromUrl : { preset: 'exp3' });
