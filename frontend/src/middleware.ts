// Tells not-found.tsx (which gets no params) the language of the path it answers.
import { NextResponse, type NextRequest } from "next/server";
import { langOfPath } from "./lib/paths";

export function middleware(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set("x-alliance-lang", langOfPath(request.nextUrl.pathname));
  headers.set("x-alliance-path", request.nextUrl.pathname);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/((?!_next/|favicon.ico).*)"] };
