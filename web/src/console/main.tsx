import '../shared/base.css';
import './console.css';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../shared/i18n';
import { ConsoleApp } from './ConsoleApp';

createRoot(document.getElementById('root')!).render(
  <I18nProvider>
    <ConsoleApp />
  </I18nProvider>,
);
