"use client";

import { useEffect, useRef, useState } from "react";

interface ScalarApp {
  destroy?: () => void;
}
declare global {
  interface Window {
    Scalar?: { createApiReference: (element: HTMLElement, configuration: Record<string, unknown>) => ScalarApp };
  }
}

/**
 * Scalar's API reference, mounted in the browser. The bundle is added by this
 * component (a script created by a script the page's nonce already trusts is
 * allowed by 'strict-dynamic', so the CSP needs no change); it comes from this
 * app, fetches only the document, and loads no font or other resource from
 * elsewhere (connect-src and font-src are 'self'). Keys typed into its
 * "Test request" panel are not stored (persistAuth: false).
 */
export function ApiReference({ documentUrl, scriptUrl, loading, failed }: { documentUrl: string; scriptUrl: string; loading: string; failed: string }) {
  const target = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<"loading" | "ready" | "failed">("loading");

  useEffect(() => {
    let app: ScalarApp | undefined;
    let cancelled = false;
    const mount = () => {
      if (cancelled) return;
      if (!target.current || !window.Scalar) return setState("failed");
      app = window.Scalar.createApiReference(target.current, {
        url: documentUrl,
        withDefaultFonts: false,
        persistAuth: false,
        hideClientButton: false,
        showDeveloperTools: "never",
        telemetry: false,
        agent: { disabled: true },
      });
      setState("ready");
    };
    let script = document.querySelector<HTMLScriptElement>(`script[data-api-reference]`);
    if (window.Scalar) mount();
    else {
      script ??= Object.assign(document.createElement("script"), { src: scriptUrl, async: true });
      script.dataset.apiReference = "";
      script.addEventListener("load", mount, { once: true });
      script.addEventListener("error", () => setState("failed"), { once: true });
      if (!script.isConnected) document.head.append(script);
    }
    return () => {
      cancelled = true;
      script?.removeEventListener("load", mount);
      app?.destroy?.();
    };
  }, [documentUrl, scriptUrl]);

  return (
    <div>
      {state === "loading" ? <p className="text-sm text-slate-600">{loading}</p> : null}
      {state === "failed" ? (
        <p role="alert" className="text-sm text-red-700">
          {failed}
        </p>
      ) : null}
      <div ref={target} />
    </div>
  );
}
