"use server";

import { revalidatePath } from "next/cache";
import { fail, type ActionResult } from "@/lib/action";
import {
  createWebhookSchema,
  resendDeliverySchema,
  updateWebhookSchema,
  webhookEndpointSchema,
  webhookProblemOf,
} from "@/lib/admin/webhooks";
import { webhookUrlPolicy } from "@/lib/config";
import {
  createWebhookEndpoint,
  disableWebhookEndpoint,
  enableWebhookEndpoint,
  resendWebhookDelivery,
  revealWebhookSecret,
  rotateWebhookSecret,
  updateWebhookEndpoint,
  type CreatedWebhook,
} from "@/lib/dal/admin/webhooks";
import { DalError, messageOf } from "@/lib/dal/errors";
import { requestLocale } from "@/lib/dal/request-locale";
import { translatorFor } from "@/lib/i18n/translator";
import { runAdminAction } from "../_lib/admin-action";

/**
 * The endpoint form's field errors in the reader's language: the rules of
 * lib/admin/webhooks.ts write English sentences, each one of
 * `adminWebhooks.errors` (runAction words the shared sentences, not these).
 */
async function worded<T>(pending: Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  const result = await pending;
  if (result.ok || !result.fieldErrors) return result;
  const t = translatorFor(await requestLocale(), "adminWebhooks");
  const fieldErrors = Object.fromEntries(
    Object.entries(result.fieldErrors).map(([field, messages]) => [
      field,
      messages.map((m) => {
        const problem = webhookProblemOf(m);
        return problem ? t(`errors.${problem}`) : m;
      }),
    ]),
  );
  return { ...result, fieldErrors };
}

/** An account filter that names no account is a refusal of that field, not of the whole form. */
async function accountFilterRefusal<T>(body: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof DalError && err.failure.code === "not_found" && (err.failure.reason === "account" || err.failure.reason === "customer_email")) {
      return fail(err.failure, { accountFilter: [messageOf(err.failure, await requestLocale())] });
    }
    throw err;
  }
}

function refresh() {
  revalidatePath("/admin", "layout");
}

/**
 * Registers a webhook endpoint and returns its signing secret (also revealable
 * later on its page). A replay of the same request key creates nothing and gets
 * `secret: null`.
 */
export async function createWebhookAction(input: unknown): Promise<ActionResult<CreatedWebhook>> {
  return worded(
    runAdminAction(createWebhookSchema(webhookUrlPolicy()), input, (viewer, data) =>
      accountFilterRefusal(async () => {
        const created = await createWebhookEndpoint(viewer, data, new Date());
        refresh();
        return { ok: true, data: created };
      }),
    ),
  );
}

/** Changes an endpoint's description, event types and account filter. */
export async function updateWebhookAction(input: unknown): Promise<ActionResult<{ changed: boolean }>> {
  return worded(
    runAdminAction(updateWebhookSchema, input, (viewer, data) =>
      accountFilterRefusal(async () => {
        const result = await updateWebhookEndpoint(viewer, data, new Date());
        refresh();
        return { ok: true, data: result };
      }),
    ),
  );
}

/** Stops deliveries to an endpoint; disabling a disabled one changes nothing and says so. */
export async function disableWebhookAction(input: unknown): Promise<ActionResult<{ changed: boolean }>> {
  return runAdminAction(webhookEndpointSchema, input, async (viewer, data) => {
    const result = await disableWebhookEndpoint(viewer, data, new Date());
    refresh();
    return { ok: true, data: result };
  });
}

/** Resumes deliveries to an endpoint. */
export async function enableWebhookAction(input: unknown): Promise<ActionResult<{ changed: boolean }>> {
  return runAdminAction(webhookEndpointSchema, input, async (viewer, data) => {
    const result = await enableWebhookEndpoint(viewer, data, new Date());
    refresh();
    return { ok: true, data: result };
  });
}

/** Gives an endpoint a new signing secret and returns it. */
export async function rotateWebhookSecretAction(input: unknown): Promise<ActionResult<{ secret: string }>> {
  return runAdminAction(webhookEndpointSchema, input, async (viewer, data) => {
    const result = await rotateWebhookSecret(viewer, data, new Date());
    refresh();
    return { ok: true, data: result };
  });
}

/** An endpoint's signing secret, for the admin who asks (each reveal is audited). */
export async function revealWebhookSecretAction(input: unknown): Promise<ActionResult<{ secret: string }>> {
  return runAdminAction(webhookEndpointSchema, input, async (viewer, data) => {
    const result = await revealWebhookSecret(viewer, data, new Date());
    return { ok: true, data: result };
  });
}

/** Sends a failed or succeeded delivery again; a pending one is queued already (changed: false). */
export async function resendWebhookDeliveryAction(input: unknown): Promise<ActionResult<{ changed: boolean }>> {
  return runAdminAction(resendDeliverySchema, input, async (viewer, data) => {
    const result = await resendWebhookDelivery(viewer, data, new Date());
    refresh();
    return { ok: true, data: result };
  });
}
