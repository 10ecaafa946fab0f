import { notFound } from "@/lib/api/problem";

/**
 * Any other path under /api/v1: a 404 problem (not the console's HTML page), the
 * same for everyone, so it tells nothing about which paths exist.
 */
export async function GET(): Promise<Response> {
  return notFound();
}

export async function POST(): Promise<Response> {
  return notFound();
}

export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
