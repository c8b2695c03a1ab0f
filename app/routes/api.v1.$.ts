import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFoundProblem } from "~/utils/problem.server";

/** Any /api/v1 path no route serves: 404 as problem+json, whatever the method. */
export const loader = ({ request }: LoaderFunctionArgs) => notFoundProblem(request);
export const action = loader;
