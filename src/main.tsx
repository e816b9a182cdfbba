import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { ParticipantPage } from './ui/join/ParticipantPage';
import { isJoinLink } from './store/joinLink';
import './ui/styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    {/* A join link opens a participant's page: the chain only, no engine or worker. */}
    {isJoinLink(window.location.search) ? <ParticipantPage /> : <App />}
  </StrictMode>,
);
