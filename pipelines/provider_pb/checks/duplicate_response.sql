-- rule: duplicate_response
-- severity: info
-- about: a survey response repeats an earlier one from the same organisation, for the same areas and year, answer for answer: only the earlier is counted
SELECT response_key AS service_key, 'response_id' AS field, 'same answers as ' || other_key AS "values",
    'This response repeats an earlier one (' || other_key || ') answer for answer, so only the earlier is counted.' AS message
FROM pb_rows
WHERE status = 'duplicate'
