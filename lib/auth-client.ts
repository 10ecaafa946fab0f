"use client";
import { createAuthClient } from "better-auth/react";

/** Browser side of better-auth: sign-in goes through its rate-limited HTTP endpoint. */
export const authClient = createAuthClient();
