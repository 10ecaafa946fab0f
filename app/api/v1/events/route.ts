import { EVENT_PAGE_SIZE, listEvents } from "@/lib/api/endpoints";
import { apiRoute, otherMethods } from "@/lib/api/http";
import { listEventsForKey } from "@/lib/dal/api/events";

/** GET /api/v1/events: the outbox, oldest first, after an event already seen (docs/events.md). Scope `read`. */
export const GET = apiRoute(listEvents, ({ principal, query }) => listEventsForKey(principal, query, EVENT_PAGE_SIZE));

export const { POST, PUT, PATCH, DELETE } = otherMethods(listEvents);
