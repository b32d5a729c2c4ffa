// The simulator's control API for Teams (`/control/teams…`): where the channel posts, who blocked the bot,
// a user pressing a card button, and everything recorded.
import { z } from "zod";
import type { PlainResponse } from "../core/webhook.js";
import { GraphError } from "../types.js";
import type { TeamsService } from "./teamsService.js";

export const botEndpointCommandSchema = z
  .object({ url: z.url({ protocol: /^https?$/ }).nullable() })
  .strict();
export const blockCommandSchema = z.object({ user: z.string().min(1), blocked: z.boolean() }).strict();
export const cardActionCommandSchema = z
  .object({
    user: z.string().min(1),
    activityId: z.string().min(1),
    verb: z.string(),
    data: z.unknown().optional(),
    conversationId: z.string().min(1).optional(),
  })
  .strict();
export const installationCommandSchema = z
  .object({ user: z.string().min(1), action: z.enum(["add", "remove"]) })
  .strict();

export async function handleTeamsControl(
  method: string,
  path: string,
  body: unknown,
  teams: TeamsService,
): Promise<PlainResponse> {
  const route = `${method} ${path.replace(/\/+$/, "")}`;
  try {
    switch (route) {
      case "GET /control/teams":
        return { status: 200, body: teams.snapshot() };
      case "GET /control/teams/conversations":
        return { status: 200, body: { value: teams.conversationList() } };
      case "GET /control/teams/inbound":
        return { status: 200, body: { value: teams.inboundDeliveries() } };
      case "PUT /control/teams/endpoint": {
        const parsed = botEndpointCommandSchema.safeParse(body);
        if (!parsed.success) return badRequest('Expected {"url": "<bot endpoint>" | null}.', parsed.error);
        teams.setBotEndpoint(parsed.data.url ?? undefined);
        return { status: 200, body: { url: teams.botEndpoint ?? null } };
      }
      case "POST /control/teams/block": {
        const parsed = blockCommandSchema.safeParse(body);
        if (!parsed.success)
          return badRequest('Expected {"user": "<id or UPN>", "blocked": true|false}.', parsed.error);
        teams.setBlocked(parsed.data.user, parsed.data.blocked);
        return { status: 204 };
      }
      case "POST /control/teams/cardAction": {
        const parsed = cardActionCommandSchema.safeParse(body);
        if (!parsed.success) {
          return badRequest(
            'Expected {"user", "activityId", "verb", "data"?, "conversationId"?}.',
            parsed.error,
          );
        }
        const { data, conversationId, ...rest } = parsed.data;
        const delivery = await teams.cardAction({
          ...rest,
          ...(data !== undefined ? { data } : {}),
          ...(conversationId !== undefined ? { conversationId } : {}),
        });
        return { status: 200, body: delivery };
      }
      case "POST /control/teams/installationUpdate": {
        const parsed = installationCommandSchema.safeParse(body);
        if (!parsed.success) return badRequest('Expected {"user", "action": "add"|"remove"}.', parsed.error);
        return { status: 200, body: await teams.installationUpdate(parsed.data.user, parsed.data.action) };
      }
      default:
        return {
          status: 404,
          body: { error: { code: "NotFound", message: `No control endpoint ${route}.` } },
        };
    }
  } catch (err) {
    if (!(err instanceof GraphError)) throw err;
    return { status: err.status, body: { error: { code: err.code, message: err.message } } };
  }
}

function badRequest(message: string, error: z.ZodError): PlainResponse {
  return {
    status: 400,
    body: { error: { code: "BadRequest", message: `${message} ${z.prettifyError(error)}` } },
  };
}
