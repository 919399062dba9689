import { zError, zOk } from '@common/schemas/primitives.js';
import {
  zConsent,
  zConsentCreate,
  zConsentKey,
  zConsentList,
  zCorrectionCreate,
  zMyCorrection,
  zMyCorrectionList,
  zRegistration,
  zRegistrationComplete,
} from '@common/schemas/registration.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../plugins/auth.js';
import { auditOrigin } from '../audit/audit.recorder.js';
import { fileCorrection, listMine } from '../corrections/corrections.service.js';
import { giveConsent, listConsents, withdrawConsent } from './consents.service.js';
import { completeRegistration, getRegistration } from './registration.service.js';

/** The wizard's routes answer while registration is pending (allowPending); everything else waits for it. */
export const registrationRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/registration',
    {
      config: { allowPending: true },
      schema: {
        tags: ['registration'],
        summary: 'My data to check, the agreement in force in my language, and whether a parent must consent',
        response: { 200: zRegistration },
      },
    },
    async (request) => getRegistration(deps, actorOf(request), request.locale),
  );

  app.post(
    '/registration/corrections',
    {
      config: { allowPending: true },
      schema: {
        tags: ['registration'],
        summary: 'Something in my data is wrong: ask the administrators of my institutions to correct it',
        body: zCorrectionCreate,
        response: { 201: zMyCorrection, 400: zError, 409: zError, 422: zError },
      },
    },
    async (request, reply) => {
      const created = await fileCorrection(
        deps,
        actorOf(request),
        request.body,
        auditOrigin(request, deps.clock.now()),
      );
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/registration/corrections',
    {
      config: { allowPending: true },
      schema: {
        tags: ['registration'],
        summary: 'My correction requests with their status and the answers',
        response: { 200: zMyCorrectionList },
      },
    },
    async (request) => ({ items: await listMine(deps, actorOf(request)) }),
  );

  app.post(
    '/registration/complete',
    {
      config: { allowPending: true },
      schema: {
        tags: ['registration'],
        summary: 'Finish registration: data confirmed, permanent password, the current agreement accepted',
        body: zRegistrationComplete,
        response: { 200: zOk, 400: zError, 409: zError, 422: zError },
      },
    },
    async (request) => {
      await completeRegistration(deps, actorOf(request), request.body, auditOrigin(request, deps.clock.now()));
      return { ok: true as const };
    },
  );

  app.get(
    '/consents',
    {
      schema: {
        tags: ['registration'],
        summary: 'My children at the current school and the state of my consent for the minors (parents)',
        response: { 200: zConsentList },
      },
    },
    async (request) => ({ items: await listConsents(deps, actorOf(request)) }),
  );

  app.post(
    '/consents',
    {
      schema: {
        tags: ['registration'],
        summary: "Consent to my minor child's registration and the processing of their data",
        body: zConsentCreate,
        response: { 200: zConsent, 201: zConsent, 400: zError, 403: zError, 404: zError, 422: zError },
      },
    },
    async (request, reply) => {
      const { created, consent } = await giveConsent(
        deps,
        actorOf(request),
        request.body.childPersonId,
        auditOrigin(request, deps.clock.now()),
      );
      return reply.status(created ? 201 : 200).send(consent);
    },
  );

  app.delete(
    '/consents/:childPersonId',
    {
      schema: {
        tags: ['registration'],
        summary: 'Withdraw my consent (the school is notified)',
        params: zConsentKey,
        response: { 200: zConsent, 400: zError, 403: zError, 404: zError },
      },
    },
    async (request) =>
      withdrawConsent(deps, actorOf(request), request.params.childPersonId, auditOrigin(request, deps.clock.now())),
  );
};
