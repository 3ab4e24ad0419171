import { LOGIN_MESSAGES, type LoginLocale } from './devLoginMessages';

/**
 * The development identity provider's pages, rendered on the server as plain HTML: no script, no
 * external resource (government networks are closed), Chinese by default. Every value is escaped.
 */

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

const STYLE = `
  *{box-sizing:border-box}
  body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#eef2f7;
    font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",system-ui,sans-serif;color:#1f2a37}
  main{width:min(420px,92vw);background:#fff;border-radius:10px;box-shadow:0 6px 24px rgba(15,35,70,.12);padding:28px 32px}
  h1{font-size:20px;margin:0 0 4px}
  .realm{color:#52606d;font-size:14px;margin:0 0 20px}
  label{display:block;font-size:14px;margin:14px 0 6px}
  input{width:100%;padding:9px 10px;font-size:15px;border:1px solid #c3ccd6;border-radius:6px}
  input:focus{outline:2px solid #1c64f2;border-color:#1c64f2}
  button{margin-top:20px;width:100%;padding:10px;font-size:15px;border:0;border-radius:6px;background:#1c4f9c;color:#fff;cursor:pointer}
  .error{background:#fde8e8;color:#9b1c1c;border-radius:6px;padding:8px 10px;font-size:14px;margin:0 0 8px}
  .notice{background:#fdf6b2;color:#723b13;border-radius:6px;padding:8px 10px;font-size:13px;margin:18px 0 0}
  details{font-size:13px;color:#52606d;margin-top:10px}
  table{border-collapse:collapse;margin-top:6px;width:100%}
  td{padding:2px 4px}
  .language{float:right;font-size:13px}
  a{color:#1c4f9c}
`;

function layout(locale: LoginLocale, title: string, body: string): string {
  const messages = LOGIN_MESSAGES[locale];
  return `<!doctype html>
<html lang="${messages.htmlLang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

export interface LoginPageInput {
  locale: LoginLocale;
  realmDisplayName: string;
  clientName: string;
  /** Where the form posts (a path on the provider). */
  actionPath: string;
  /** The pending login this form completes. */
  tabId: string;
  /** The same page in the other language. */
  otherLanguageHref: string;
  username?: string;
  invalidCredentials?: boolean;
  demoUsers: readonly { username: string; displayName: string; roles: readonly string[] }[];
}

export function renderLoginPage(input: LoginPageInput): string {
  const messages = LOGIN_MESSAGES[input.locale];
  const users = input.demoUsers
    .map((user) => `<tr><td><code>${escapeHtml(user.username)}</code></td><td>${escapeHtml(user.displayName)}</td><td>${escapeHtml(user.roles.join(', '))}</td></tr>`)
    .join('');
  return layout(
    input.locale,
    `${messages.title} · ${input.realmDisplayName}`,
    `<a class="language" href="${escapeHtml(input.otherLanguageHref)}">${messages.otherLanguage}</a>
<h1>${messages.signInTo} ${escapeHtml(input.clientName)}</h1>
<p class="realm">${escapeHtml(input.realmDisplayName)}</p>
${input.invalidCredentials ? `<p class="error" role="alert">${messages.invalidCredentials}</p>` : ''}
<form method="post" action="${escapeHtml(input.actionPath)}" autocomplete="off">
<input type="hidden" name="tab_id" value="${escapeHtml(input.tabId)}">
<input type="hidden" name="locale" value="${input.locale}">
<label for="username">${messages.username}</label>
<input id="username" name="username" value="${escapeHtml(input.username ?? '')}" autofocus required>
<label for="password">${messages.password}</label>
<input id="password" name="password" type="password" required>
<button type="submit" id="kc-login">${messages.submit}</button>
</form>
<p class="notice">${messages.devNotice}</p>
<details><summary>${messages.demoUsers}</summary><table>${users}</table></details>`,
  );
}

export function renderMessagePage(locale: LoginLocale, title: string, text: string): string {
  return layout(locale, title, `<h1>${escapeHtml(title)}</h1><p class="realm">${escapeHtml(text)}</p>`);
}
