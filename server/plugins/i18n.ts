import type { Locale } from '@common/enums.js';
import { negotiateLocale, resources } from '@common/i18n/index.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import i18next, { type TFunction } from 'i18next';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's language: their account setting when signed in, else Accept-Language, else Kazakh. */
    locale: Locale;
    t: TFunction;
  }
}

const i18n = i18next.createInstance();
await i18n.init({
  resources,
  lng: 'kk',
  fallbackLng: false,
  ns: Object.keys(resources.en),
  defaultNS: 'errors',
  interpolation: { escapeValue: false },
  initAsync: false,
});
const fixedT: Record<Locale, TFunction> = {
  kk: i18n.getFixedT('kk'),
  ru: i18n.getFixedT('ru'),
  en: i18n.getFixedT('en'),
};
export const translatorFor = (locale: Locale) => fixedT[locale];

export function setRequestLocale(request: FastifyRequest, locale: Locale) {
  request.locale = locale;
  request.t = fixedT[locale];
}

export const i18nPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('locale', 'kk');
  app.decorateRequest('t', null as unknown as TFunction);
  app.addHook('onRequest', async (request) => {
    setRequestLocale(request, negotiateLocale(request.headers['accept-language']));
  });
});
