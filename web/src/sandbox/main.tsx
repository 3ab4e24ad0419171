import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import '../shared/base.css';
import './sandbox.css';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../shared/i18n';
import { SandboxApp } from './SandboxApp';

createRoot(document.getElementById('root')!).render(
  <I18nProvider>
    <SandboxApp />
  </I18nProvider>,
);
