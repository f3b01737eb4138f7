from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.statement_import_read import StatementImportRead
from ...types import UNSET, File, Response, Unset


def _get_kwargs(
    *,
    body: File,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/bank-statements",
    }

    _kwargs["content"] = body.payload
    headers["Content-Type"] = "text/csv"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | StatementImportRead | None:
    if response.status_code == 200:
        response_200 = StatementImportRead.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | StatementImportRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: File,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | StatementImportRead]:
    """Import a bank statement (CSV, camt.053/camt.054 or MT940) to confirm and fail payouts (admin)

     Booked debits confirm the payouts they name (by end-to-end id, else provider reference); returned
    entries fail them with the bank's reason code. A camt document is validated against its schema
    first, and a statement that is not readable is a 422 naming where; a line imported before is counted
    in `duplicates` and changes nothing.

    Roles: `admin`.

    Args:
        idempotency_key (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | StatementImportRead]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: File,
    idempotency_key: str | Unset = UNSET,
) -> Problem | StatementImportRead | None:
    """Import a bank statement (CSV, camt.053/camt.054 or MT940) to confirm and fail payouts (admin)

     Booked debits confirm the payouts they name (by end-to-end id, else provider reference); returned
    entries fail them with the bank's reason code. A camt document is validated against its schema
    first, and a statement that is not readable is a 422 naming where; a line imported before is counted
    in `duplicates` and changes nothing.

    Roles: `admin`.

    Args:
        idempotency_key (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | StatementImportRead
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: File,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | StatementImportRead]:
    """Import a bank statement (CSV, camt.053/camt.054 or MT940) to confirm and fail payouts (admin)

     Booked debits confirm the payouts they name (by end-to-end id, else provider reference); returned
    entries fail them with the bank's reason code. A camt document is validated against its schema
    first, and a statement that is not readable is a 422 naming where; a line imported before is counted
    in `duplicates` and changes nothing.

    Roles: `admin`.

    Args:
        idempotency_key (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | StatementImportRead]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: File,
    idempotency_key: str | Unset = UNSET,
) -> Problem | StatementImportRead | None:
    """Import a bank statement (CSV, camt.053/camt.054 or MT940) to confirm and fail payouts (admin)

     Booked debits confirm the payouts they name (by end-to-end id, else provider reference); returned
    entries fail them with the bank's reason code. A camt document is validated against its schema
    first, and a statement that is not readable is a 422 naming where; a line imported before is counted
    in `duplicates` and changes nothing.

    Roles: `admin`.

    Args:
        idempotency_key (str | Unset):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | StatementImportRead
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
