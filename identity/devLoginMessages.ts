/** The development login pages' words, Chinese first (the default), English second. */
export type LoginLocale = 'zh' | 'en';

export const LOGIN_MESSAGES = Object.freeze({
  zh: {
    htmlLang: 'zh-CN',
    title: '登录',
    signInTo: '登录到',
    username: '用户名',
    password: '密码',
    submit: '登录',
    invalidCredentials: '用户名或密码错误。',
    devNotice: '开发环境身份提供方：仅用于本地开发与测试。演示账号的密码均为 demo。',
    demoUsers: '演示账号',
    otherLanguage: 'English',
    expiredTitle: '登录已过期',
    expiredText: '此登录页面已失效。请返回应用重新登录。',
    errorTitle: '无法登录',
    signedOutTitle: '已退出登录',
    signedOutText: '您已退出登录。',
  },
  en: {
    htmlLang: 'en',
    title: 'Sign in',
    signInTo: 'Sign in to',
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    invalidCredentials: 'Invalid username or password.',
    devNotice: 'Development identity provider: for local development and tests only. Every demo user’s password is demo.',
    demoUsers: 'Demo users',
    otherLanguage: '中文',
    expiredTitle: 'Login expired',
    expiredText: 'This login page is no longer valid. Go back to the application and sign in again.',
    errorTitle: 'Cannot sign in',
    signedOutTitle: 'Signed out',
    signedOutText: 'You are signed out.',
  },
} as const);

export type LoginMessages = (typeof LOGIN_MESSAGES)[LoginLocale];
